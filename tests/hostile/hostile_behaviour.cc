#include "tests/hostile/hostile_behaviour.h"

namespace pooltest::hostile {
namespace {

// A row whose face is the reference pool's own: the check passes (or, for
// R4.5 without a campaign, is inconclusive with the desk's answer), which
// shows that the hostile rows' verdicts come from the misbehaviour.
Behaviour Baseline(std::string name, Face face, std::string check, std::string verdict) {
  return HostileRow(std::move(name), face, "the reference pool's own, well-behaved",
                    std::move(check), {std::move(verdict)});
}

}  // namespace

const char* ToString(Face f) {
  switch (f) {
    case Face::kStratum:
      return "stratum";
    case Face::kUi:
      return "ui";
    case Face::kDesk:
      return "desk";
  }
  return "?";
}

Behaviour HostileRow(std::string name, Face face, std::string what, std::string check,
                     std::vector<std::string> verdicts) {
  Behaviour b;
  b.name = std::move(name);
  b.face = face;
  b.what = std::move(what);
  b.check = std::move(check);
  b.verdicts = std::move(verdicts);
  return b;
}

Behaviour Disabled(Behaviour b, std::string cause) {
  b.disabled = std::move(cause);
  return b;
}

void PrintTo(const Behaviour& b, std::ostream* os) { *os << b.name; }

std::vector<Behaviour> AllBehaviours() {
  std::vector<Behaviour> all = {
      Baseline("baseline_stratum", Face::kStratum, "R4.4.channels.primary", "pass"),
      Baseline("baseline_ui", Face::kUi, "R4.6.ui-languages", "pass"),
      Baseline("baseline_desk", Face::kDesk, "R4.5.support", "inconclusive"),
  };
  for (auto rows : {StratumBehaviours(), UiBehaviours(), DeskBehaviours()})
    all.insert(all.end(), rows.begin(), rows.end());
  return all;
}

}  // namespace pooltest::hostile
