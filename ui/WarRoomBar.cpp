#include "WarRoomBar.h"
#include "PlainText.h"

#include "FeedHealthIndicator.h"
#include "PageCatalog.h"
#include "PageRotator.h"
#include "Theme.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

QLabel *plainLabel(const QString &name, double scale, bool bold, QWidget *parent)
{
    auto *l = new QLabel(parent);
    l->setObjectName(name);
    l->setTextFormat(Qt::PlainText);
    QFont f = l->font();
    f.setPointSizeF(f.pointSizeF() * scale);
    f.setBold(bold);
    l->setFont(f);
    return l;
}

} // namespace

WarRoomBar::WarRoomBar(const QString &profile, PageRotator *rotator, QWidget *parent)
    : QWidget(parent)
    , m_rotator(rotator)
    , m_title(plainLabel(u"warRoomTitle"_s, 1.6, true, this))
    , m_clock(plainLabel(u"warRoomClock"_s, 2.0, true, this))
    , m_utc(plainLabel(u"warRoomUtc"_s, 1.0, false, this))
    , m_rotation(plainLabel(u"warRoomRotation"_s, 0.9, false, this))
    , m_transports(plainLabel(u"warRoomTransports"_s, 0.9, false, this))
{
    setObjectName(u"warRoomBar"_s);
    auto *profileLabel = plainLabel(u"warRoomProfile"_s, 1.0, false, this);
    profileLabel->setText(profile.isEmpty() ? u"no profile"_s : u"Profile: "_s + profile);
    auto *readOnly = plainLabel(u"warRoomReadOnly"_s, 1.0, true, this);
    readOnly->setText(u"READ-ONLY"_s);
    readOnly->setToolTip(u"The war-room display sends no action: every mutating request is refused."_s);
    setRole(readOnly, "badge");
    auto *hint = plainLabel(u"warRoomHint"_s, 0.9, false, this);
    hint->setText(u"F11 or Esc: leave war-room"_s);

    auto *left = new QVBoxLayout;
    left->setSpacing(0);
    left->addWidget(m_title);
    left->addWidget(profileLabel);
    left->addWidget(m_transports);
    auto *middle = new QVBoxLayout;
    middle->setSpacing(2);
    middle->addWidget(readOnly, 0, Qt::AlignRight);
    middle->addWidget(m_rotation, 0, Qt::AlignRight);
    middle->addWidget(hint, 0, Qt::AlignRight);
    auto *right = new QVBoxLayout;
    right->setSpacing(0);
    right->addWidget(m_clock, 0, Qt::AlignRight);
    right->addWidget(m_utc, 0, Qt::AlignRight);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(16, 8, 16, 8);
    layout->setSpacing(24);
    layout->addLayout(left, 1);
    layout->addLayout(middle);
    layout->addLayout(right);

    auto *timer = new QTimer(this);
    connect(timer, &QTimer::timeout, this, &WarRoomBar::tick);
    timer->start(1000);
    tick();
}

void WarRoomBar::setTransports(const QVector<FeedHealth> &feeds)
{
    const QString summary = transportSummary(feeds);
    m_transports->setText(summary.isEmpty() ? QString() : u"Transport: "_s + summary);
    m_transports->setToolTip(plainTooltip(unsafeTransports(feeds).join(u'\n')));
    const bool unverified = std::any_of(feeds.begin(), feeds.end(), [](const FeedHealth &h) {
        return h.state != FeedState::Disabled && h.transport.security == TransportSecurity::UnverifiedTls;
    });
    const char *role = unverified ? "problemText" : "";
    if (m_transports->property("sdRole").toString() != QLatin1String(role))
        setRole(m_transports, role); // a style sheet per health report would be wasted work
}

QString WarRoomBar::transportText() const
{
    return m_transports->text();
}

void WarRoomBar::setPageTitle(const QString &title)
{
    m_title->setText(title);
}

QString WarRoomBar::clockText() const
{
    return m_clock->text() + u"  "_s + m_utc->text();
}

QString WarRoomBar::rotationText() const
{
    return m_rotation->text();
}

void WarRoomBar::tick()
{
    const QDateTime now = QDateTime::currentDateTime();
    m_clock->setText(now.toString(u"HH:mm:ss"_s));
    m_utc->setText(now.toString(u"ddd d MMM"_s) + u" · "_s + now.toUTC().toString(u"HH:mm"_s) + u" UTC"_s);
    if (!m_rotator || !m_rotator->running()) {
        m_rotation->setText(u"rotation off"_s);
        return;
    }
    const int i = pageIndexOf(m_rotator->nextPage());
    const QString next = i >= 0 ? pageCatalog().at(i).title : QString();
    m_rotation->setText(u"next: %1 in %2 s"_s.arg(next).arg(m_rotator->secondsToNext()));
}

} // namespace sagadeck
