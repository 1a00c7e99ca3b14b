#pragma once

#include <QRandomGenerator>

#include <chrono>

namespace sagadeck {

// Reconnect delays for a feed: exponential from `initial`, capped at `cap`, with "equal
// jitter" (half the step fixed, half random) so that feeds which failed together do not
// reconnect together. docs/architecture.md: start 100 ms, cap 30 s. Not thread-safe; one per feed.
class Backoff
{
public:
    using ms = std::chrono::milliseconds;

    explicit Backoff(ms initial = ms(100), ms cap = ms(30000),
                     QRandomGenerator random = QRandomGenerator::securelySeeded());

    // The delay before the next attempt; each call after a failure grows the step.
    ms next();
    // After a success: the next failure starts from `initial` again.
    void reset();

    int attempts() const { return m_attempt; }
    // The un-jittered step the next call to next() draws from (for display and tests).
    ms currentStep() const;

private:
    ms m_initial;
    ms m_cap;
    int m_attempt = 0;
    QRandomGenerator m_random;
};

} // namespace sagadeck
