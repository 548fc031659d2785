#include "refpool/refpool_config.h"

#include <yaml-cpp/yaml.h>

namespace pooltest {

RefpoolConfig DefaultRefpoolConfig() {
  RefpoolConfig c;
  RefpoolSiteConfig primary, backup;
  primary.id = "primary";
  primary.addresses = {"127.0.0.11", "127.0.0.12"};
  backup.id = "backup";
  backup.addresses = {"127.0.0.21", "127.0.0.22"};
  c.sites = {primary, backup};
  return c;
}

namespace {

// Reading is strict: a key the reference pool does not know is an error, so
// a typo in a test's break switch cannot silently leave the pool conforming.
class Reader {
 public:
  explicit Reader(std::string path) : path_(std::move(path)) {}

  std::string Where(const YAML::Node& n) const {
    return path_ + ":" + std::to_string(n.Mark().line + 1) + ":" +
           std::to_string(n.Mark().column + 1);
  }

  bool CheckKeys(const YAML::Node& map, std::initializer_list<const char*> known) {
    if (!map.IsMap()) return Fail(map, "expected a mapping");
    for (const auto& kv : map) {
      std::string key = kv.first.as<std::string>();
      bool ok = false;
      for (const char* k : known) ok = ok || key == k;
      if (!ok) {
        std::string list;
        for (const char* k : known) list += std::string(list.empty() ? "" : ", ") + k;
        return Fail(kv.first, "unknown key '" + key + "' (known: " + list + ")");
      }
    }
    return true;
  }

  template <typename T>
  bool Get(const YAML::Node& map, const char* key, T* out) {
    YAML::Node n = map[key];
    if (!n) return true;
    try {
      *out = n.as<T>();
      return true;
    } catch (const YAML::Exception&) {
      return Fail(n, std::string("'") + key + "' has the wrong type");
    }
  }

  bool Fail(const YAML::Node& n, const std::string& what) {
    error_ = Where(n) + ": " + what;
    return false;
  }
  const std::string& error() const { return error_; }

 private:
  std::string path_;
  std::string error_;
};

bool ReadSite(Reader& r, const YAML::Node& n, RefpoolSiteConfig* s) {
  int stratum_port = s->stratum_port, http_port = s->http_port;
  if (!r.CheckKeys(n, {"id", "addresses", "stratum_port", "http_port", "down_addresses",
                       "stratum_tls_port"}) ||
      !r.Get(n, "id", &s->id) || !r.Get(n, "addresses", &s->addresses) ||
      !r.Get(n, "stratum_port", &stratum_port) || !r.Get(n, "http_port", &http_port) ||
      !r.Get(n, "down_addresses", &s->down_addresses)) {
    return false;
  }
  if (stratum_port < 0 || stratum_port > 65535 || http_port < 0 || http_port > 65535) {
    return r.Fail(n, "port out of range 0..65535");
  }
  if (s->id.empty() || s->addresses.empty()) return r.Fail(n, "a site needs an id and addresses");
  s->stratum_port = static_cast<uint16_t>(stratum_port);
  s->http_port = static_cast<uint16_t>(http_port);
  if (n["stratum_tls_port"]) {
    int tls_port = 0;
    if (!r.Get(n, "stratum_tls_port", &tls_port)) return false;
    if (tls_port < 0 || tls_port > 65535)
      return r.Fail(n, "stratum_tls_port out of range 0..65535");
    s->stratum_tls_port = static_cast<uint16_t>(tls_port);
  }
  return true;
}

bool ReadConfig(Reader& r, const YAML::Node& root, RefpoolConfig* c) {
  if (!r.CheckKeys(root, {"sites", "stratum", "stratum_tls", "ui", "support", "control"})) {
    return false;
  }
  if (YAML::Node t = root["stratum_tls"]) {
    if (!r.CheckKeys(t, {"certificate", "key"}) ||
        !r.Get(t, "certificate", &c->stratum_tls.certificate) ||
        !r.Get(t, "key", &c->stratum_tls.key)) {
      return false;
    }
  }
  if (YAML::Node ctl = root["control"]) {
    if (!r.CheckKeys(ctl, {"address", "port"})) return false;
    if (!r.Get(ctl, "address", &c->control_address)) return false;
    if (!r.Get(ctl, "port", &c->control_port)) return false;
  }
  if (YAML::Node sites = root["sites"]) {
    if (!sites.IsSequence()) return r.Fail(sites, "'sites' must be a list");
    c->sites.clear();
    for (const auto& sn : sites) {
      RefpoolSiteConfig s;
      if (!ReadSite(r, sn, &s)) return false;
      c->sites.push_back(std::move(s));
    }
  }
  if (YAML::Node s = root["stratum"]) {
    StratumBehaviour& b = c->stratum;
    double interval_s = std::chrono::duration<double>(b.job_interval).count();
    if (!r.CheckKeys(
            s, {"reject_authorization", "silent", "garbage", "ignore_repeated_subscribe",
                "silent_every", "notify_before_authorize_result", "difficulty", "extranonce2_size",
                "accept_any_share", "job_interval_s", "new_block_every"}) ||
        !r.Get(s, "reject_authorization", &b.reject_authorization) ||
        !r.Get(s, "silent", &b.silent) || !r.Get(s, "garbage", &b.garbage) ||
        !r.Get(s, "ignore_repeated_subscribe", &b.ignore_repeated_subscribe) ||
        !r.Get(s, "silent_every", &b.silent_every) ||
        !r.Get(s, "notify_before_authorize_result", &b.notify_before_authorize_result) ||
        !r.Get(s, "difficulty", &b.difficulty) ||
        !r.Get(s, "extranonce2_size", &b.extranonce2_size) ||
        !r.Get(s, "accept_any_share", &b.accept_any_share) ||
        !r.Get(s, "job_interval_s", &interval_s) ||
        !r.Get(s, "new_block_every", &b.new_block_every)) {
      return false;
    }
    if (b.silent_every < 0) return r.Fail(s["silent_every"], "'silent_every' must be 0 or more");
    // Below 0.05 s the pool would spend its time announcing work.
    if (interval_s != 0 && (interval_s < 0.05 || interval_s > 86400))
      return r.Fail(s["job_interval_s"], "'job_interval_s' must be 0 (one job) or 0.05..86400");
    b.job_interval = std::chrono::milliseconds(static_cast<int64_t>(interval_s * 1000));
    if (b.new_block_every < 1)
      return r.Fail(s["new_block_every"], "'new_block_every' must be 1 or more");
  }
  if (YAML::Node u = root["ui"]) {
    UiBehaviour& b = c->ui;
    if (!r.CheckKeys(
            u, {"missing_languages", "half_translated", "russian_as", "wrong_html_lang",
                "switcher_drops", "spa_only", "legacy_charset", "missing_pages", "foreign_hreflang",
                "redirect_to", "redirect_loop", "language_switch", "switch_redirect_to"}) ||
        !r.Get(u, "missing_languages", &b.missing_languages) ||
        !r.Get(u, "half_translated", &b.half_translated) ||
        !r.Get(u, "russian_as", &b.russian_as) ||
        !r.Get(u, "wrong_html_lang", &b.wrong_html_lang) ||
        !r.Get(u, "switcher_drops", &b.switcher_drops) || !r.Get(u, "spa_only", &b.spa_only) ||
        !r.Get(u, "legacy_charset", &b.legacy_charset) ||
        !r.Get(u, "missing_pages", &b.missing_pages) ||
        !r.Get(u, "foreign_hreflang", &b.foreign_hreflang) ||
        !r.Get(u, "redirect_to", &b.redirect_to) || !r.Get(u, "redirect_loop", &b.redirect_loop) ||
        !r.Get(u, "language_switch", &b.language_switch) ||
        !r.Get(u, "switch_redirect_to", &b.switch_redirect_to)) {
      return false;
    }
    const std::string& sw = b.language_switch;
    if (!sw.empty() && sw != "set_language" && sw != "cookie" && sw != "django_form" &&
        sw != "js_cookie" && sw != "js_inplace")
      return r.Fail(u["language_switch"],
                    "'language_switch' must be set_language, cookie, django_form, js_cookie or "
                    "js_inplace");
  }
  if (YAML::Node s = root["support"]) {
    SupportBehaviour& b = c->support;
    double delay_s = std::chrono::duration<double>(b.reply_delay).count();
    if (!r.CheckKeys(s, {"reply_delay_s", "auto_acknowledge", "office_hours_only", "never_reply",
                         "create_redirect_to", "poll_redirect_to", "reply_text", "template_reply",
                         "challenge_office_hours_only"}) ||
        !r.Get(s, "reply_text", &b.reply_text) || !r.Get(s, "template_reply", &b.template_reply) ||
        !r.Get(s, "challenge_office_hours_only", &b.challenge_office_hours_only) ||
        !r.Get(s, "reply_delay_s", &delay_s) ||
        !r.Get(s, "auto_acknowledge", &b.auto_acknowledge) ||
        !r.Get(s, "office_hours_only", &b.office_hours_only) ||
        !r.Get(s, "never_reply", &b.never_reply) ||
        !r.Get(s, "create_redirect_to", &b.create_redirect_to) ||
        !r.Get(s, "poll_redirect_to", &b.poll_redirect_to)) {
      return false;
    }
    if (delay_s < 0 || delay_s > 86400) return r.Fail(s, "reply_delay_s must be 0..86400");
    b.reply_delay = std::chrono::milliseconds(static_cast<int64_t>(delay_s * 1000));
  }
  return true;
}

}  // namespace

Result<RefpoolConfig> LoadRefpoolConfig(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    return Error{"cannot read reference pool config '" + path + "': no such file or unreadable"};
  } catch (const YAML::Exception& e) {
    return Error{path + ":" + std::to_string(e.mark.line + 1) + ":" +
                 std::to_string(e.mark.column + 1) + ": " + e.msg};
  }
  RefpoolConfig config = DefaultRefpoolConfig();
  if (!root || root.IsNull()) return config;  // an empty file means the defaults
  Reader reader(path);
  try {
    if (!ReadConfig(reader, root, &config)) return Error{reader.error()};
  } catch (const YAML::Exception& e) {
    return Error{path + ": " + e.what()};
  }
  return config;
}

}  // namespace pooltest
