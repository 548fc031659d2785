// The web UI face's misbehaviours (HTTP on the UI's base URL; every page in
// every language gets the same treatment) and their rows of the behaviour
// table. Where a behaviour needs a real page, it is the reference pool's.
#include <zlib.h>

#include "tests/hostile/hostile_behaviour.h"
#include "tests/hostile/hostile_http.h"

namespace pooltest::hostile {
namespace {

using namespace std::chrono_literals;

constexpr char kHtmlHead[] =
    "HTTP/1.1 200 OK\r\nServer: pooltest-hostile\r\nContent-Type: text/html; charset=utf-8\r\n";

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

// The language prefix of a request target ("/ru/help" -> "/ru"), "/kk" if none.
std::string PrefixOf(const std::string& target) {
  for (const char* p : {"/kk", "/ru", "/en"})
    if (target.rfind(p, 0) == 0) return p;
  return "/kk";
}

constexpr size_t kFloodLimit = size_t{4} << 30;

asio::awaitable<void> EndlessBody(Wire& w, const HttpSeen&) {
  // No Content-Length, no chunking: the body ends when the connection does.
  const std::string head = std::string(kHtmlHead) + "\r\n<!DOCTYPE html><html lang=\"kk\"><body>";
  co_await w.Flood(head, "<p>Қазақ тілінде жазылған мәтін</p>\n", kFloodLimit);
}

asio::awaitable<void> TrickleContentLength(Wire& w, const HttpSeen& r) {
  const std::string head = std::string(kHtmlHead) + "Content-Length: 1000000000000\r\n\r\n";
  const std::string page = GoodPage(r.target);
  co_await w.Write(head);
  co_await w.Drip(page, 100ms);
  co_await w.HoldUntilClosed();
}

// Zeros deflated (gzip framing) on the fly, `mib` MiB of them: about 1 KiB
// on the wire per MiB decoded, written as it is made.
asio::awaitable<void> WriteGzippedZeros(Wire& w, int mib) {
  z_stream zs{};
  if (deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) co_return;
  std::string zeros(1 << 20, '\0');
  std::string out(64 * 1024, '\0');
  try {
    for (int i = 0; i < mib; ++i) {
      zs.next_in = reinterpret_cast<Bytef*>(zeros.data());
      zs.avail_in = static_cast<uInt>(zeros.size());
      std::string chunk;
      do {
        zs.next_out = reinterpret_cast<Bytef*>(out.data());
        zs.avail_out = static_cast<uInt>(out.size());
        deflate(&zs, Z_SYNC_FLUSH);
        chunk.append(out.data(), out.size() - zs.avail_out);
      } while (zs.avail_out == 0);
      co_await w.Write(chunk);
    }
  } catch (const HarnessGone&) {
  }
  deflateEnd(&zs);
}

asio::awaitable<void> GzipBomb(Wire& w, const HttpSeen&) {
  const std::string head = std::string(kHtmlHead) + "Content-Encoding: gzip\r\n\r\n";
  co_await w.Write(head);
  co_await WriteGzippedZeros(w, 10 * 1024);  // 10 GiB decoded at most
}

asio::awaitable<void> HeaderFlood(Wire& w, const HttpSeen&) {
  co_await w.Write(kHtmlHead);
  for (int i = 0; i < 10000000; ++i) {
    const std::string line = "X-Flood-" + std::to_string(i) + ": " + std::string(40, 'v') + "\r\n";
    co_await w.Write(line);
  }
}

asio::awaitable<void> HugeHeaderLine(Wire& w, const HttpSeen&) {
  const std::string head = std::string(kHtmlHead) + "X-Huge: ";
  co_await w.Flood(head, "h", kFloodLimit);
}

asio::awaitable<void> BrokenChunked(Wire& w, const HttpSeen& r) {
  const std::string page = GoodPage(r.target);
  char size[32];
  std::snprintf(size, sizeof size, "%zx\r\n", page.size() / 2);
  // Half the page as a correct chunk, then a chunk size of 80 hex digits
  // followed by bytes that are not a chunk at all.
  const std::string all = std::string(kHtmlHead) + "Transfer-Encoding: chunked\r\n\r\n" + size +
                          page.substr(0, page.size() / 2) + "\r\n" + std::string(80, 'f') +
                          "\r\n<p>not a chunk</p>\r\nzz\r\n\r\n";
  co_await w.Write(all);
  co_await w.HoldUntilClosed();
}

std::string PageShell(const std::string& body) {
  return "<!DOCTYPE html><html lang=\"kk\"><head><meta charset=\"utf-8\"><title>Бассейн</title>"
         "</head><body>" +
         body + "</body></html>";
}

asio::awaitable<void> DeepHtml(Wire& w, const HttpSeen&) {
  std::string body;
  for (int i = 0; i < 100000; ++i) body += "<div>";
  body += "Қазақ тіліндегі мәтін";
  for (int i = 0; i < 100000; ++i) body += "</div>";
  const std::string all = HttpResponse(200, "text/html; charset=utf-8", PageShell(body));
  co_await w.Write(all);
}

// The English page at the path of `target` ("/kk/help" -> "/en/help"):
// what a page whose visible text is in the wrong language looks like.
std::string EnglishPage(const std::string& target) {
  const std::string prefix = PrefixOf(target);
  return GoodPage("/en" + target.substr(target.rfind(prefix, 0) == 0 ? prefix.size() : 0));
}

// The Kazakh page at `target` with its content (<main> on) in English: its
// language, links and switcher are right, its text is not.
std::string KazakhPageInEnglish(const std::string& target) {
  const std::string kk = GoodPage(target), en = EnglishPage(target);
  return kk.substr(0, kk.find("<main>")) + en.substr(en.find("<main>"));
}

asio::awaitable<void> HugeAttributes(Wire& w, const HttpSeen& r) {
  // Every page carries a 3 MiB attribute. The Kazakh pages have their text
  // in English and 256 KiB of Kazakh in their <body>'s title: only a harness
  // that let an attribute outweigh the visible text would find them Kazakh.
  std::string kazakh;
  while (kazakh.size() < (256 << 10)) kazakh += "Қазақ тіліндегі толық аударма. ";
  const bool kk = PrefixOf(r.target) == "/kk";
  const std::string page = Replace(kk ? KazakhPageInEnglish(r.target) : GoodPage(r.target), "<body",
                                   "<body data-x=\"" + std::string(3 << 20, 'x') + "\"" +
                                       (kk ? " title=\"" + kazakh + "\"" : std::string()));
  const std::string all = HttpResponse(200, "text/html; charset=utf-8", page);
  co_await w.Write(all);
}

asio::awaitable<void> TitleStuffing(Wire& w, const HttpSeen& r) {
  // The Kazakh pages have their text in English and 2000 empty <span>s,
  // each with a short Kazakh title: no one attribute is long, together they
  // outweigh the visible text hundreds of times.
  std::string spans;
  if (PrefixOf(r.target) == "/kk") {
    for (int i = 0; i < 2000; ++i)
      spans +=
          "<span title=\"Қазақ тіліндегі толық аударма, бет " + std::to_string(i) + ".\"></span>";
  }
  const std::string page = PrefixOf(r.target) == "/kk" ? Replace(KazakhPageInEnglish(r.target),
                                                                 "</main>", spans + "</main>")
                                                       : GoodPage(r.target);
  const std::string all = HttpResponse(200, "text/html; charset=utf-8", page);
  co_await w.Write(all);
}

asio::awaitable<void> AttributeFlood(Wire& w, const HttpSeen& r) {
  // The English page for every language, its <body> with 300000 attributes.
  std::string attrs;
  for (int i = 0; i < 300000; ++i) attrs += " a" + std::to_string(i) + "=1";
  const std::string page = Replace(EnglishPage(r.target), "<body", "<body" + attrs);
  const std::string all = HttpResponse(200, "text/html; charset=utf-8", page);
  co_await w.Write(all);
}

// The real page, its bytes unchanged, with the charset it claims replaced.
asio::awaitable<void> Relabelled(Wire& w, const HttpSeen& r, const std::string& charset) {
  const std::string page =
      Replace(GoodPage(r.target), "charset=\"utf-8\"", "charset=\"" + charset + "\"");
  const std::string all = HttpResponse(200, "text/html; charset=" + charset, page);
  co_await w.Write(all);
}

asio::awaitable<void> LyingCharset(Wire& w, const HttpSeen& r) {
  co_await Relabelled(w, r, "windows-1251");
}

asio::awaitable<void> LyingCharsetUtf16(Wire& w, const HttpSeen& r) {
  co_await Relabelled(w, r, "utf-16le");
}

asio::awaitable<void> Slowloris(Wire& w, const HttpSeen& r) {
  // A correct response whose head comes at one byte a second.
  const std::string all = HttpResponse(200, "text/html; charset=utf-8", GoodPage(r.target));
  co_await w.Drip(all, 1s);
}

asio::awaitable<void> ResetMidBody(Wire& w, const HttpSeen& r) {
  const std::string all = HttpResponse(200, "text/html; charset=utf-8", GoodPage(r.target));
  co_await w.Write(std::string_view(all).substr(0, all.size() / 2));
  w.Reset();
}

asio::awaitable<void> NotHttp(Wire& w, const HttpSeen&) {
  std::string junk = "SSH-2.0-OpenSSH_9.2p1\r\n";
  for (int i = 0; i < 4096; ++i) junk.push_back(static_cast<char>((i * 37) & 0xff));
  co_await w.Write(junk);
  co_await w.HoldUntilClosed();
}

asio::awaitable<void> RedirectChain(Wire& w, const HttpSeen& r) {
  // Always somewhere new on the same site: /kk/help -> /kk/help/more -> ...
  const std::string next = r.target.substr(0, r.target.find('?')) + "/more";
  const std::string all =
      HttpResponse(302, "text/plain", "elsewhere\n", "Location: " + next + "\r\n");
  co_await w.Write(all);
}

// The real page, plus `n` links to further pages of the same site (each of
// which answers the same way).
asio::awaitable<void> Links(Wire& w, const HttpSeen& r, int n) {
  std::string links;
  const std::string prefix = PrefixOf(r.target);
  for (int i = 0; i < n; ++i)
    links += "<a href=\"" + prefix + "/p/" + std::to_string(i) + "\">" + std::to_string(i) + "</a>";
  const std::string page = Replace(GoodPage(r.target), "</body>", links + "</body>");
  const std::string all = HttpResponse(200, "text/html; charset=utf-8", page);
  co_await w.Write(all);
}

asio::awaitable<void> LinkFlood(Wire& w, const HttpSeen& r) { co_await Links(w, r, 100000); }

// Under html_bounds.h's element limit, so every page is read in full.
asio::awaitable<void> ManyLinks(Wire& w, const HttpSeen& r) { co_await Links(w, r, 45000); }

asio::awaitable<void> InvalidUtf8(Wire& w, const HttpSeen& r) {
  // The real page with every non-ASCII byte made 0xff and a NUL after every
  // ASCII letter, still declared UTF-8.
  std::string page;
  for (char c : GoodPage(r.target)) {
    const unsigned char u = static_cast<unsigned char>(c);
    page.push_back(u >= 0x80 ? '\xff' : c);
    if (std::isalpha(u)) page.push_back('\0');
  }
  const std::string all = HttpResponse(200, "text/html; charset=utf-8", page);
  co_await w.Write(all);
}

asio::awaitable<void> EndlessChunked(Wire& w, const HttpSeen&) {
  const std::string head = std::string(kHtmlHead) + "Transfer-Encoding: chunked\r\n\r\n";
  co_await w.Flood(head, "1\r\na\r\n", kFloodLimit);  // one-byte chunks, never the last
}

asio::awaitable<void> ContinueFlood(Wire& w, const HttpSeen&) {
  co_await w.Flood("", "HTTP/1.1 100 Continue\r\n\r\n", kFloodLimit);
}

Behaviour Row(std::string name, HttpPlay play, std::string what) {
  // "error": a loaded harness may get no thread for a heavy page before
  // its deadline, which is never charged to the pool (page_probe.cc).
  Behaviour b = HostileRow(std::move(name), Face::kUi, std::move(what), "R4.6.ui-languages",
                           {"fail", "inconclusive", "error"});
  b.http = play;
  return b;
}

}  // namespace

std::vector<Behaviour> UiBehaviours() {
  return {
      Row("http_endless_body", EndlessBody, "200 without length, body without end"),
      Row("http_trickle_content_length", TrickleContentLength,
          "Content-Length 10^12, the page at 10 bytes/s"),
      Row("http_gzip_bomb", GzipBomb, "gzip of up to 10 GiB of zeros, ~1000:1"),
      Row("http_header_flood", HeaderFlood, "header lines without end"),
      Row("http_huge_header_line", HugeHeaderLine, "one header line without end"),
      Row("http_broken_chunked", BrokenChunked, "a valid chunk, then an 80-digit chunk size"),
      Row("http_deep_html", DeepHtml, "100000 nested <div>"),
      Row("http_huge_attributes", HugeAttributes,
          "3 MiB attributes; kk pages English, with 256 KiB of Kazakh in a title"),
      Row("http_title_stuffing", TitleStuffing,
          "kk pages English, with 2000 empty spans titled in Kazakh"),
      Row("http_attribute_flood", AttributeFlood, "English text, 300000 attributes on <body>"),
      Row("http_lying_charset", LyingCharset, "UTF-8 page declared windows-1251"),
      Row("http_lying_charset_utf16", LyingCharsetUtf16, "UTF-8 page declared UTF-16LE"),
      Row("http_slowloris", Slowloris, "the response head at 1 byte/s"),
      Row("http_rst_mid_body", ResetMidBody, "half the page, then RST"),
      Row("http_not_http", NotHttp, "an SSH banner and binary instead of HTTP"),
      Row("http_redirect_chain", RedirectChain, "302 to a new same-site URL, without end"),
      Row("http_link_flood", LinkFlood, "the page with 100000 same-site links"),
      Row("http_many_links", ManyLinks, "the page with 45000 same-site links (under the limit)"),
      Row("http_invalid_utf8", InvalidUtf8, "non-ASCII bytes 0xff, NULs between letters"),
      Row("http_endless_chunked", EndlessChunked, "one-byte chunks without a last chunk"),
      Row("http_continue_flood", ContinueFlood, "100 Continue interim responses without end"),
  };
}

}  // namespace pooltest::hostile
