// One concept, the MmdbFile of mmdb_file.h: opening, lookup, path reads and
// the decoding of libmaxminddb entry data into JSON all serve the one reader.
#include "probes/geo/mmdb_file.h"

#include <maxminddb.h>
#include <netinet/in.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string_view>

#include "core/hex.h"
#include "core/utf8.h"
#include "probes/geo/ip_address.h"

namespace pooltest {
namespace {

// A database is untrusted input and nlohmann::json::dump throws on invalid
// UTF-8, so strings are made valid here, once, rather than wherever dumped.
std::string ValidUtf8(const char* data, size_t size) {
  std::string_view s(data, size);
  return IsValidUtf8(s) ? std::string(s) : ToValidUtf8(s);
}

// Floats are widened through their shortest decimal form so a stored
// 43.25667f reads back as 43.25667, not 43.256671905517578.
double WidenFloat(float f) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, f);
  if (ec != std::errc()) return f;
  double d = f;
  std::from_chars(buf, end, d);
  return d;
}

nlohmann::json ScalarToJson(const MMDB_entry_data_s& d) {
  switch (d.type) {
    case MMDB_DATA_TYPE_UTF8_STRING:
      return ValidUtf8(d.utf8_string, d.data_size);
    case MMDB_DATA_TYPE_DOUBLE:
      return d.double_value;
    case MMDB_DATA_TYPE_FLOAT:
      return WidenFloat(d.float_value);
    case MMDB_DATA_TYPE_UINT16:
      return d.uint16;
    case MMDB_DATA_TYPE_UINT32:
      return d.uint32;
    case MMDB_DATA_TYPE_INT32:
      return d.int32;
    case MMDB_DATA_TYPE_UINT64:
      return d.uint64;
    case MMDB_DATA_TYPE_UINT128: {
#if MMDB_UINT128_IS_BYTE_ARRAY
      return "0x" + HexEncode(d.uint128, 16);
#else
      uint8_t bytes[16];
      for (int i = 0; i < 16; ++i) bytes[i] = static_cast<uint8_t>(d.uint128 >> (8 * (15 - i)));
      return "0x" + HexEncode(bytes, 16);
#endif
    }
    case MMDB_DATA_TYPE_BOOLEAN:
      return d.boolean;
    case MMDB_DATA_TYPE_BYTES:
      return HexEncode(d.bytes, d.data_size);
    default:
      return nullptr;
  }
}

// Consumes one value (and, for maps and arrays, everything inside it) from
// the flattened list libmaxminddb produces.
nlohmann::json ToJson(MMDB_entry_data_list_s** node) {
  if (*node == nullptr) return nullptr;
  const MMDB_entry_data_s d = (*node)->entry_data;
  *node = (*node)->next;
  switch (d.type) {
    case MMDB_DATA_TYPE_MAP: {
      nlohmann::json map = nlohmann::json::object();
      for (uint32_t i = 0; i < d.data_size && *node != nullptr; ++i) {
        const MMDB_entry_data_s& key = (*node)->entry_data;
        std::string name = key.type == MMDB_DATA_TYPE_UTF8_STRING
                               ? ValidUtf8(key.utf8_string, key.data_size)
                               : "?";
        *node = (*node)->next;
        map[name] = ToJson(node);
      }
      return map;
    }
    case MMDB_DATA_TYPE_ARRAY: {
      nlohmann::json array = nlohmann::json::array();
      for (uint32_t i = 0; i < d.data_size && *node != nullptr; ++i) array.push_back(ToJson(node));
      return array;
    }
    default:
      return ScalarToJson(d);
  }
}

Result<nlohmann::json> EntryToJson(const std::string& path, const MMDB_entry_s& start) {
  MMDB_entry_s entry = start;  // libmaxminddb takes it non-const
  MMDB_entry_s* e = &entry;
  MMDB_entry_data_list_s* list = nullptr;
  int status = MMDB_get_entry_data_list(e, &list);
  if (status != MMDB_SUCCESS) {
    MMDB_free_entry_data_list(list);
    return Error{path + ": cannot read a record: " + MMDB_strerror(status) +
                 "; the file is damaged, replace it with a fresh copy"};
  }
  MMDB_entry_data_list_s* cursor = list;
  nlohmann::json j = ToJson(&cursor);
  MMDB_free_entry_data_list(list);
  return j;
}

// The prefix a lookup landed in, in the address's own family: an IPv4
// address found in an IPv6 tree sits under ::a.b.c.d, 96 bits deeper.
std::string NetworkOf(const IpAddress& address, int tree_version, int netmask) {
  uint8_t key[16] = {};
  int bits;
  if (address.v4 && tree_version == 6) {
    std::memcpy(key + 12, address.v4_bytes(), 4);
    bits = 128;
  } else if (address.v4) {
    std::memcpy(key, address.v4_bytes(), 4);
    bits = 32;
  } else {
    std::memcpy(key, address.bytes.data(), 16);
    bits = 128;
  }
  if (netmask < 0 || netmask > bits) return "";
  for (int i = netmask; i < bits; ++i) key[i / 8] &= static_cast<uint8_t>(~(0x80 >> (i % 8)));
  IpAddress net;
  if (address.v4 && (tree_version == 4 || netmask >= 96)) {
    net.v4 = true;
    std::memcpy(net.bytes.data() + 12, tree_version == 4 ? key : key + 12, 4);
    return FormatIpAddress(net) + "/" + std::to_string(tree_version == 4 ? netmask : netmask - 96);
  }
  std::memcpy(net.bytes.data(), key, 16);
  return FormatIpAddress(net) + "/" + std::to_string(netmask);
}

bool IsIndex(const char* key) {
  if (*key == '\0') return false;
  for (const char* c = key; *c; ++c) {
    if (*c < '0' || *c > '9') return false;
  }
  return true;
}

// Puts `value` into `excerpt` at `path`, making maps and arrays on the way;
// an index into an array pads it with nulls so positions stay as stored.
void Place(nlohmann::json& excerpt, std::initializer_list<const char*> path, nlohmann::json value) {
  nlohmann::json* node = &excerpt;
  for (const char* key : path) {
    if (IsIndex(key) && (node->is_null() || node->is_array())) {
      const size_t i = std::strtoul(key, nullptr, 10);
      if (node->is_null()) *node = nlohmann::json::array();
      while (node->size() <= i) node->push_back(nullptr);
      node = &(*node)[i];
    } else {
      if (!node->is_object()) *node = nlohmann::json::object();
      node = &(*node)[key];
    }
  }
  *node = std::move(value);
}

constexpr size_t kMaxPathDepth = 8;

}  // namespace

// Paths the record does not have (a missing key, an index past the end, a
// key into a string) are simply absent; anything else is damage.
bool MmdbFile::Record::Lookup(MMDB_entry_s start, const char* const* keys, MMDB_entry_data_s* out) {
  const int status = MMDB_aget_value(&start, out, keys);
  if (status == MMDB_SUCCESS) return out->has_data;
  if (status != MMDB_LOOKUP_PATH_DOES_NOT_MATCH_DATA_ERROR &&
      status != MMDB_INVALID_LOOKUP_PATH_ERROR) {
    error_ = file_->path_ + ": cannot read a record: " + MMDB_strerror(status) +
             "; the file is damaged, replace it with a fresh copy";
  }
  return false;
}

bool MmdbFile::Record::LocateTop(const char* key, uint32_t* offset, bool* found) {
  for (size_t i = 0; i < tops_; ++i) {
    if (std::strcmp(top_[i].key, key) == 0) {
      *offset = top_[i].offset;
      *found = top_[i].found;
      return true;
    }
  }
  const char* keys[] = {key, nullptr};
  MMDB_entry_data_s d;
  *found = Lookup({file_->mmdb_.get(), offset_}, keys, &d);
  if (!error_.empty()) return false;
  // Only maps and arrays can hold deeper paths; for them entry_data.offset
  // is where the (pointer-resolved) value starts.
  *found = *found && (d.type == MMDB_DATA_TYPE_MAP || d.type == MMDB_DATA_TYPE_ARRAY);
  *offset = *found ? d.offset : 0;
  if (tops_ < kTopCache && std::strlen(key) < sizeof top_[0].key) {
    Top& t = top_[tops_++];
    std::strcpy(t.key, key);
    t.found = *found;
    t.offset = *offset;
  }
  return true;
}

bool MmdbFile::Record::Locate(std::initializer_list<const char*> path, MMDB_entry_data_s* out) {
  if (!error_.empty() || path.size() > kMaxPathDepth) return false;
  const char* keys[kMaxPathDepth + 1];
  size_t n = 0;
  for (const char* key : path) keys[n++] = key;
  keys[n] = nullptr;
  MMDB_entry_s start{file_->mmdb_.get(), offset_};
  const char* const* rest = keys;
  if (n >= 2) {
    bool found = false;
    if (!LocateTop(keys[0], &start.offset, &found) || !found) return false;
    rest = keys + 1;
  }
  return Lookup(start, rest, out);
}

MmdbFile::Record::Kind MmdbFile::Record::KindAt(std::initializer_list<const char*> path) {
  MMDB_entry_data_s d;
  if (!Locate(path, &d)) return Kind::kAbsent;
  return KindOf(d);
}

MmdbFile::Record::Kind MmdbFile::Record::KindOf(const MMDB_entry_data_s& d) {
  switch (d.type) {
    case MMDB_DATA_TYPE_MAP:
      return Kind::kMap;
    case MMDB_DATA_TYPE_ARRAY:
      return Kind::kArray;
    case MMDB_DATA_TYPE_UTF8_STRING:
      return Kind::kString;
    case MMDB_DATA_TYPE_DOUBLE:
    case MMDB_DATA_TYPE_FLOAT:
    case MMDB_DATA_TYPE_UINT16:
    case MMDB_DATA_TYPE_UINT32:
    case MMDB_DATA_TYPE_INT32:
    case MMDB_DATA_TYPE_UINT64:
      return Kind::kNumber;
    default:
      return Kind::kOther;
  }
}

nlohmann::json MmdbFile::Record::Get(std::initializer_list<const char*> path, Kind want) {
  if (!error_.empty()) return nullptr;
  nlohmann::json value;
  if (path.size() == 0) {
    Result<nlohmann::json> whole = EntryToJson(file_->path_, {file_->mmdb_.get(), offset_});
    if (!whole.ok()) {
      error_ = whole.error().message;
      return nullptr;
    }
    value = std::move(whole.value());
  } else {
    MMDB_entry_data_s d;
    if (!Locate(path, &d)) return nullptr;
    if (want != Kind::kAbsent && KindOf(d) != want) return nullptr;
    if (d.type == MMDB_DATA_TYPE_MAP || d.type == MMDB_DATA_TYPE_ARRAY) {
      Result<nlohmann::json> sub = EntryToJson(file_->path_, {file_->mmdb_.get(), d.offset});
      if (!sub.ok()) {
        error_ = sub.error().message;
        return nullptr;
      }
      value = std::move(sub.value());
    } else {
      value = ScalarToJson(d);
    }
  }
  if (path.size() == 0) {
    excerpt_ = value;
  } else {
    Place(excerpt_, path, value);
  }
  return value;
}

MmdbFile::MmdbFile(std::string path) : path_(std::move(path)), mmdb_(new MMDB_s{}) {}

MmdbFile::~MmdbFile() {
  if (open_) MMDB_close(mmdb_.get());
}

Result<std::unique_ptr<MmdbFile>> MmdbFile::Open(const std::string& path) {
  std::unique_ptr<MmdbFile> file(new MmdbFile(path));
  errno = 0;
  int status = MMDB_open(path.c_str(), MMDB_MODE_MMAP, file->mmdb_.get());
  if (status != MMDB_SUCCESS) {
    std::string why = MMDB_strerror(status);
    if (errno != 0 && (status == MMDB_FILE_OPEN_ERROR || status == MMDB_IO_ERROR)) {
      why += std::string(" (") + std::strerror(errno) + ")";
    }
    if (status == MMDB_FILE_OPEN_ERROR) {
      return Error{path + ": cannot open MaxMind DB file: " + why +
                   "; check the data source path in the scenario"};
    }
    std::error_code ec;
    if (std::filesystem::file_size(path, ec) == 0 && !ec) why = "the file is empty";
    return Error{path + ": not a usable MaxMind DB file: " + why +
                 "; point the data source at a .mmdb file or replace the damaged copy"};
  }
  file->open_ = true;
  const char* type = file->mmdb_->metadata.database_type;
  file->database_type_ = type ? ValidUtf8(type, std::strlen(type)) : "";
  return file;
}

Result<MmdbFile::Hit> MmdbFile::Find(const std::string& address) const {
  std::optional<IpAddress> ip = ParseIpAddress(address);
  if (!ip) {
    return Error{"'" + address + "' is not an IPv4 or IPv6 address literal"};
  }
  sockaddr_in sin{};
  sockaddr_in6 sin6{};
  const sockaddr* sa;
  if (ip->v4) {
    sin.sin_family = AF_INET;
    std::memcpy(&sin.sin_addr, ip->v4_bytes(), 4);
    sa = reinterpret_cast<const sockaddr*>(&sin);
  } else {
    sin6.sin6_family = AF_INET6;
    std::memcpy(&sin6.sin6_addr, ip->bytes.data(), 16);
    sa = reinterpret_cast<const sockaddr*>(&sin6);
  }
  int error = MMDB_SUCCESS;
  MMDB_lookup_result_s r = MMDB_lookup_sockaddr(mmdb_.get(), sa, &error);
  Hit hit;
  if (error == MMDB_IPV6_LOOKUP_IN_IPV4_DATABASE_ERROR) {
    hit.note = "the database holds IPv4 addresses only";
    return hit;
  }
  if (error != MMDB_SUCCESS) {
    return Error{path_ + ": lookup of " + address + " failed: " + MMDB_strerror(error) +
                 "; the file is damaged, replace it with a fresh copy"};
  }
  if (!r.found_entry) return hit;
  hit.found = true;
  hit.record = Record(this, r.entry.offset);
  hit.network = NetworkOf(*ip, ip_version(), r.netmask);
  return hit;
}

Result<std::vector<nlohmann::json>> MmdbFile::SampleRecords(size_t limit) const {
  std::vector<nlohmann::json> out;
  const uint32_t node_count = mmdb_->metadata.node_count;
  if (node_count == 0) return out;
  // Depth-first, left before right. Aliased subtrees (::ffff:0:0/96 pointing
  // at the IPv4 tree) make the tree a DAG, so visits are capped.
  std::vector<uint32_t> stack{0};
  uint64_t visits = 0;
  while (!stack.empty() && out.size() < limit && visits <= node_count) {
    uint32_t n = stack.back();
    stack.pop_back();
    ++visits;
    MMDB_search_node_s node;
    int status = MMDB_read_node(mmdb_.get(), n, &node);
    if (status != MMDB_SUCCESS) {
      return Error{path_ + ": cannot read search tree node " + std::to_string(n) + ": " +
                   MMDB_strerror(status) + "; the file is damaged, replace it"};
    }
    // Right pushed first so the left side is explored first.
    struct Side {
      uint8_t type;
      uint64_t record;
      MMDB_entry_s* entry;
    };
    Side sides[2] = {{node.right_record_type, node.right_record, &node.right_record_entry},
                     {node.left_record_type, node.left_record, &node.left_record_entry}};
    std::vector<MMDB_entry_s*> data_here;
    for (Side& s : sides) {
      if (s.type == MMDB_RECORD_TYPE_SEARCH_NODE && s.record < node_count) {
        stack.push_back(static_cast<uint32_t>(s.record));
      } else if (s.type == MMDB_RECORD_TYPE_DATA) {
        data_here.insert(data_here.begin(), s.entry);
      }
    }
    for (MMDB_entry_s* e : data_here) {
      if (out.size() >= limit) break;
      Result<nlohmann::json> j = EntryToJson(path_, *e);
      if (!j.ok()) return j.error();
      out.push_back(std::move(j.value()));
    }
  }
  return out;
}

uint64_t MmdbFile::build_epoch() const { return mmdb_->metadata.build_epoch; }

int MmdbFile::ip_version() const { return mmdb_->metadata.ip_version; }

}  // namespace pooltest
