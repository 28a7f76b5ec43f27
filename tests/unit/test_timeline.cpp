// run.timeline's pure parts: the round window's syntax, how recorded spans become one state at
// a time per host (priorities, waiting in the gaps, cuts at round boundaries, down spans), and
// which workers the figure shows when there are many.
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

#include "sim/engine/timeline_log.hpp"
#include "sim/output/timeline_plot.hpp"
#include "sim/scenario/round_window.hpp"

namespace marina {
namespace {

TEST(RoundWindow, ReadsARangeOrOneRoundAndRefusesTheRest) {
  EXPECT_FALSE(parse_round_window("").has_value());
  EXPECT_FALSE(parse_round_window("  ").has_value());
  const auto w = parse_round_window("10..20");
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(w->first, 10);
  EXPECT_EQ(w->last, 20);
  EXPECT_TRUE(w->covers(10) && w->covers(20));
  EXPECT_FALSE(w->covers(9) || w->covers(21));
  const auto one = parse_round_window(" 7 ");
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->first, 7);
  EXPECT_EQ(one->last, 7);
  for (const char* bad : {"20..10", "a..b", "-1..3", "1..", "..4", "1.5", "3-4"})
    EXPECT_THROW(parse_round_window(bad), std::invalid_argument) << bad;
  try {
    parse_round_window("20..10");
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("the last round comes before the first"), std::string::npos) << e.what();
  }
}

std::vector<TimelineSegment> of_host(const std::vector<TimelineSegment>& all, int host) {
  std::vector<TimelineSegment> out;
  for (const auto& s : all)
    if (s.host == host) out.push_back(s);
  return out;
}

void expect_segment(const TimelineSegment& s, std::int64_t round, HostState state, double start, double end) {
  EXPECT_EQ(s.round, round);
  EXPECT_EQ(host_state_name(s.state), std::string(host_state_name(state)));
  EXPECT_EQ(s.start, start);
  EXPECT_EQ(s.end, end);
}

// One worker, two rounds [0, 10) and [10, 20): it receives, computes, sends in each; the server
// sends, receives and aggregates. Everything not covered is waiting; a segment never crosses a
// round boundary; the server's overlapping downlinks and uplinks count once, sending first.
TEST(TimelineSegments, OneStateAtATimeWaitingInTheGapsCutAtRounds) {
  TimelineLog log(RoundWindow{3, 4}, 1);
  log.downlink(0, 2, 0.0, 1.0);  // round 2 is outside the window: ignored
  log.downlink(0, 3, 1.0, 2.0);
  log.computed(0, 3, 2.0, 5.0);
  log.uplink(0, 3, 5.0, 6.0);
  log.round_ran(3, 1.0, 9.0, 10.0);
  log.downlink(0, 4, 10.0, 11.0);
  log.computed(0, 4, 11.0, 12.0);
  log.uplink(0, 4, 12.0, 21.0);  // ends after the round: cut at its end
  log.round_ran(4, 10.0, 19.0, 20.0);
  const auto all = log.segments();

  const auto w = of_host(all, 0);
  ASSERT_EQ(w.size(), 7u);
  expect_segment(w[0], 3, HostState::receiving, 1, 2);
  expect_segment(w[1], 3, HostState::computing, 2, 5);
  expect_segment(w[2], 3, HostState::sending, 5, 6);
  expect_segment(w[3], 3, HostState::waiting, 6, 10);
  expect_segment(w[4], 4, HostState::receiving, 10, 11);
  expect_segment(w[5], 4, HostState::computing, 11, 12);
  expect_segment(w[6], 4, HostState::sending, 12, 20);

  const auto s = of_host(all, kServerHost);
  ASSERT_EQ(s.size(), 9u);
  expect_segment(s[0], 3, HostState::sending, 1, 2);
  expect_segment(s[1], 3, HostState::waiting, 2, 5);
  expect_segment(s[2], 3, HostState::receiving, 5, 6);
  expect_segment(s[3], 3, HostState::waiting, 6, 9);
  expect_segment(s[4], 3, HostState::computing, 9, 10);
  expect_segment(s[5], 4, HostState::sending, 10, 11);
  expect_segment(s[6], 4, HostState::waiting, 11, 12);
  expect_segment(s[7], 4, HostState::receiving, 12, 19);  // the uplink still arriving counts less than aggregating
  expect_segment(s[8], 4, HostState::computing, 19, 20);
  EXPECT_EQ(all.front().host, kServerHost);  // the server's rows come first
}

// Two workers whose transfers overlap on the server: one downlink still in flight while the
// other worker's uplink arrives counts as sending (the first state in HostState's order).
TEST(TimelineSegments, OverlappingTransfersOnTheServerCountOnceSendingFirst) {
  TimelineLog log(RoundWindow{0, 0}, 2);
  log.downlink(0, 0, 0.0, 1.0);
  log.downlink(1, 0, 0.0, 3.0);
  log.uplink(0, 0, 2.0, 4.0);
  log.round_ran(0, 0.0, 4.0, 4.5);
  const auto s = of_host(log.segments(), kServerHost);
  ASSERT_EQ(s.size(), 3u);
  expect_segment(s[0], 0, HostState::sending, 0, 3);
  expect_segment(s[1], 0, HostState::receiving, 3, 4);
  expect_segment(s[2], 0, HostState::computing, 4, 4.5);
}

// A host that goes down is down whatever else was recorded; one still down at the end is down
// to the end of the last round; state changes of other times are kept only inside the window.
TEST(TimelineSegments, DownWinsAndAnOpenOutageLastsToTheEnd) {
  TimelineLog log(RoundWindow{0, 1}, 2);
  log.downlink(0, 0, 0.0, 1.0);
  log.downlink(1, 0, 0.0, 1.0);
  log.computed(0, 0, 1.0, 3.0);
  log.host_turned(0, false, 2.0);  // worker 0 crashes mid-computation
  log.host_turned(1, false, 2.5);
  log.host_turned(1, true, 2.75);  // worker 1 blinks
  log.round_ran(0, 0.0, 4.0, 5.0);
  log.round_ran(1, 5.0, 5.0, 6.0);
  const auto all = log.segments();
  const auto w0 = of_host(all, 0);
  ASSERT_EQ(w0.size(), 4u);
  expect_segment(w0[0], 0, HostState::receiving, 0, 1);
  expect_segment(w0[1], 0, HostState::computing, 1, 2);
  expect_segment(w0[2], 0, HostState::down, 2, 5);
  expect_segment(w0[3], 1, HostState::down, 5, 6);
  const auto w1 = of_host(all, 1);
  ASSERT_EQ(w1.size(), 5u);
  expect_segment(w1[1], 0, HostState::waiting, 1, 2.5);
  expect_segment(w1[2], 0, HostState::down, 2.5, 2.75);
  expect_segment(w1[3], 0, HostState::waiting, 2.75, 5);
  expect_segment(w1[4], 1, HostState::waiting, 5, 6);
}

TEST(TimelineSegments, NothingRecordedOutsideTheWindow) {
  TimelineLog log(RoundWindow{5, 6}, 1);
  log.computed(0, 4, 0.0, 1.0);
  log.round_ran(4, 0.0, 1.0, 2.0);
  EXPECT_TRUE(log.segments().empty());
  EXPECT_TRUE(log.rounds().empty());
}

TEST(TimelineWorkers, AllUpToTheRowsThenSlowestFastestAndAnEvenSample) {
  const auto few = choose_timeline_workers({3, 1, 2}, 16);
  ASSERT_EQ(few.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(few[static_cast<std::size_t>(i)].worker, i);
    EXPECT_EQ(few[static_cast<std::size_t>(i)].note, "");
  }
  std::vector<double> waiting(100, 5.0);
  waiting[37] = 0.5;  // the straggler: waits least
  waiting[62] = 9.0;  // waits most
  const auto many = choose_timeline_workers(waiting, 6);
  ASSERT_EQ(many.size(), 6u);
  std::vector<int> indices;
  for (const auto& c : many) {
    indices.push_back(c.worker);
    const std::string expected = c.worker == 37 ? "slowest" : c.worker == 62 ? "fastest" : "";
    EXPECT_EQ(c.note, expected) << c.worker;
  }
  // Index order, evenly spread: 0, 19, 37, 39, 59 ... with the slowest and the fastest in.
  EXPECT_TRUE(std::is_sorted(indices.begin(), indices.end()));
  EXPECT_EQ(indices.front(), 0);
  EXPECT_NE(std::find(indices.begin(), indices.end(), 37), indices.end());
  EXPECT_NE(std::find(indices.begin(), indices.end(), 62), indices.end());
  // Ties go to the lower index.
  const auto tie = choose_timeline_workers(std::vector<double>(40, 1.0), 4);
  EXPECT_EQ(tie.front().worker, 0);
  EXPECT_EQ(tie.front().note, "slowest");
}

}  // namespace
}  // namespace marina
