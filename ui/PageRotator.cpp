#include "PageRotator.h"

#include <QTimer>

namespace sagadeck {

PageRotator::PageRotator(QObject *parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
{
    connect(m_timer, &QTimer::timeout, this, [this] {
        m_current = nextAfter(m_current);
        emit pageDue(m_current);
    });
}

void PageRotator::start(const QStringList &pages, int intervalS)
{
    m_pages = pages;
    m_intervalS = intervalS;
    if (pages.size() < 2 || intervalS <= 0) {
        stop();
        return;
    }
    m_current = pages.first();
    m_timer->start(intervalS * 1000);
}

void PageRotator::stop()
{
    m_timer->stop();
}

bool PageRotator::running() const
{
    return m_timer->isActive();
}

int PageRotator::secondsToNext() const
{
    return running() ? (m_timer->remainingTime() + 500) / 1000 : -1; // a coarse timer may run 5 % over
}

QString PageRotator::nextAfter(const QString &current) const
{
    if (m_pages.isEmpty())
        return QString();
    const qsizetype i = m_pages.indexOf(current);
    return m_pages.at(i < 0 ? 0 : (i + 1) % m_pages.size());
}

} // namespace sagadeck
