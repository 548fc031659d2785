#include "scenarios/yaml_document.h"

#include <yaml-cpp/eventhandler.h>

#include <sstream>

namespace pooltest::loader {
namespace {

// Notes where a document starts and whether it holds anything. Used to find
// text after the first document without YAML::LoadAll, which in yaml-cpp 0.7
// loops forever, allocating, on a flow collection followed by junk ("{},").
class DocumentProbe : public YAML::EventHandler {
 public:
  explicit DocumentProbe(size_t max_scalar_bytes) : max_scalar_bytes_(max_scalar_bytes) {}
  void OnDocumentStart(const YAML::Mark& m) override { Note(m); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t) override { Note(m); }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { Note(m); }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                const std::string& value) override {
    Note(m);
    if (value.size() > max_scalar_bytes_ && !long_scalar_) long_scalar_ = m;
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    Note(m);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    Note(m);
  }
  void OnMapEnd() override {}

  bool any() const { return any_; }
  const YAML::Mark& first() const { return first_; }
  // Where the first value over kMaxScenarioScalarBytes starts, if any.
  const std::optional<YAML::Mark>& long_scalar() const { return long_scalar_; }

 private:
  void Note(const YAML::Mark& m) {
    if (!any_) first_ = m;
    any_ = true;
  }
  size_t max_scalar_bytes_;
  bool any_ = false;
  YAML::Mark first_;
  std::optional<YAML::Mark> long_scalar_;
};

}  // namespace

std::optional<int> FindLongLine(std::string_view text, size_t max_bytes) {
  int line = 1;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (end - start > max_bytes) return line;
    start = end + 1;
    ++line;
  }
  return std::nullopt;
}

FirstDocument LoadFirstDocument(const std::string& text, size_t max_scalar_bytes) {
  FirstDocument doc;
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentProbe first(max_scalar_bytes);
  if (!parser.HandleNextDocument(first)) return doc;
  doc.empty = !first.any();
  doc.long_scalar = first.long_scalar();
  if (doc.long_scalar) return doc;
  DocumentProbe second(max_scalar_bytes);
  if (parser.HandleNextDocument(second) && second.any()) doc.trailing = second.first();
  if (!doc.empty) doc.root = YAML::Load(text);
  return doc;
}

}  // namespace pooltest::loader
