#include "Backoff.h"

#include <algorithm>

namespace sagadeck {

Backoff::Backoff(ms initial, ms cap, QRandomGenerator random)
    : m_initial(std::max(initial, ms(1)))
    , m_cap(std::max(cap, m_initial))
    , m_random(random)
{}

Backoff::ms Backoff::currentStep() const
{
    // Doubling stops once the cap is reached; the shift is bounded so it cannot overflow.
    const int doublings = std::min(m_attempt, 30);
    const auto step = m_initial.count() * (qint64(1) << doublings);
    return ms(std::min<qint64>(step, m_cap.count()));
}

Backoff::ms Backoff::next()
{
    const qint64 step = currentStep().count();
    ++m_attempt;
    const qint64 half = step / 2;
    return ms(half + qint64(m_random.bounded(quint64(step - half + 1))));
}

void Backoff::reset()
{
    m_attempt = 0;
}

} // namespace sagadeck
