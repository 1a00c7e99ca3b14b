#include "FeedHealthIndicator.h"
#include "PlainText.h"

#include "FeedHealthModel.h"
#include "StatusGlyph.h"
#include "Theme.h"

#include <QHBoxLayout>
#include <QLabel>

using namespace Qt::StringLiterals;

namespace sagadeck {

QString healthSummary(const FeedHealth &health, const QDateTime &now)
{
    QString text = feedName(health.feed) + u" · "_s + stateName(health.state);
    if (health.state != FeedState::Disabled && health.lastSuccess.isValid())
        text += u" · "_s + describeAge(health.dataAgeMs(now));
    return text;
}

QString healthDetails(const FeedHealth &health, const QDateTime &now)
{
    QString text = feedName(health.feed) + u": "_s + stateName(health.state);
    if (!health.reason.isEmpty())
        text += u"\n"_s + health.reason;
    text += u"\nLast good data: "_s
        + (health.lastSuccess.isValid() ? describeAge(health.dataAgeMs(now)) + u" ago"_s : u"never"_s);
    if (health.state != FeedState::Disabled && health.transport.security != TransportSecurity::Unknown)
        text += u"\nTransport: "_s + describeTransport(health.transport);
    return text;
}

QString transportSummary(const QVector<FeedHealth> &feeds)
{
    QStringList parts;
    for (const FeedHealth &h : feeds)
        if (h.state != FeedState::Disabled)
            parts << feedName(h.feed) + u' ' + transportName(h.transport.security);
    return parts.join(u" · "_s);
}

namespace {
// Each enabled feed whose transport is unsafe, as `describe` words it.
QStringList describeUnsafe(const QVector<FeedHealth> &feeds, QString (*describe)(const FeedHealth &))
{
    QStringList out;
    for (const FeedHealth &h : feeds)
        if (h.state != FeedState::Disabled && transportIsUnsafe(h.transport.security))
            out << describe(h);
    return out;
}
} // namespace

QStringList unsafeTransports(const QVector<FeedHealth> &feeds)
{
    return describeUnsafe(feeds, [](const FeedHealth &h) -> QString {
        return feedName(h.feed) + u": "_s + describeTransport(h.transport);
    });
}

QStringList unsafeTransportNames(const QVector<FeedHealth> &feeds)
{
    return describeUnsafe(feeds, [](const FeedHealth &h) -> QString {
        return feedName(h.feed) + u' ' + transportName(h.transport.security);
    });
}

FeedHealthIndicator::FeedHealthIndicator(FeedHealthModel *model, FeedKind feed, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_feed(feed)
    , m_glyph(new QLabel(this))
    , m_label(new QLabel(this))
    , m_tlsBadge(new QLabel(u"TLS not verified"_s, this))
{
    setObjectName(u"feedHealth_"_s + feedName(feed).toLower());
    // Text from outside (error messages) must never be interpreted as markup.
    m_label->setTextFormat(Qt::PlainText);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 0, 6, 0);
    layout->setSpacing(4);
    layout->addWidget(m_glyph);
    layout->addWidget(m_label);
    m_tlsBadge->setObjectName(u"tlsBadge"_s);
    setRole(m_tlsBadge, "problemText");
    m_tlsBadge->hide();
    layout->addWidget(m_tlsBadge);
    connect(m_model, &FeedHealthModel::healthChanged, this, [this](const FeedHealth &h) {
        if (h.feed == m_feed)
            refresh();
    });
    refresh();
}

QString FeedHealthIndicator::text() const
{
    return m_label->text();
}

void FeedHealthIndicator::refresh()
{
    const FeedHealth h = m_model->health(m_feed);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_glyph->setPixmap(stateIcon(h.state, 14).pixmap(14, 14));
    m_label->setText(healthSummary(h, now));
    setToolTip(plainTooltip(healthDetails(h, now)));
    m_tlsBadge->setVisible(h.state != FeedState::Disabled && h.transport.security == TransportSecurity::UnverifiedTls);
    setAccessibleName(healthSummary(h, now));
}

} // namespace sagadeck
