#include "PlaceholderPage.h"
#include "Theme.h"

#include "FeedHealthIndicator.h"
#include "FeedHealthModel.h"

#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sagadeck {

PlaceholderPage::PlaceholderPage(const PageSpec &spec, FeedHealthModel *health, const QString &note, QWidget *parent)
    : QWidget(parent)
    , m_spec(spec)
    , m_health(health)
    , m_banner(new QLabel(this))
    , m_feeds(new QLabel(this))
{
    setObjectName(u"page_"_s + spec.id);

    auto *title = new QLabel(spec.title, this);
    title->setObjectName(u"pageTitle"_s);
    QFont tf = title->font();
    tf.setPointSizeF(tf.pointSizeF() * 1.8);
    tf.setBold(true);
    title->setFont(tf);

    auto *summary = new QLabel(spec.summary, this);
    summary->setWordWrap(true);

    m_banner->setObjectName(u"noDataBanner"_s);
    m_banner->setWordWrap(true);
    m_banner->setTextFormat(Qt::PlainText);
    setRole(m_banner, "notice");

    m_feeds->setTextFormat(Qt::PlainText);
    m_feeds->setWordWrap(true);
    m_feeds->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 20);
    layout->setSpacing(12);
    layout->addWidget(title);
    layout->addWidget(summary);
    layout->addWidget(m_banner);
    layout->addWidget(m_feeds);
    if (!note.isEmpty()) {
        auto *noteLabel = new QLabel(note, this);
        noteLabel->setTextFormat(Qt::PlainText);
        noteLabel->setWordWrap(true);
        noteLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
        layout->addWidget(noteLabel);
    }
    layout->addStretch(1);

    connect(m_health, &FeedHealthModel::healthChanged, this, &PlaceholderPage::refresh);
    refresh();
}

QString PlaceholderPage::feedStatusText() const
{
    return m_feeds->text();
}

void PlaceholderPage::refresh()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QStringList lines;
    int notLive = 0;
    for (FeedKind kind : m_spec.feeds) {
        const FeedHealth h = m_health->health(kind);
        if (h.state != FeedState::Live)
            ++notLive;
        lines << u"• "_s + healthSummary(h, now) + (h.reason.isEmpty() ? QString() : u" — "_s + h.reason);
    }
    m_feeds->setText(lines.isEmpty() ? QString() : u"Data sources:\n"_s + lines.join(u'\n'));
    m_feeds->setVisible(!lines.isEmpty());

    // This page has no live views yet: say so plainly rather than show an empty screen.
    m_banner->setText(notLive > 0 ? u"No live data on this page: %1 of its %2 data source(s) not Live. "
                                    u"The live views of this page are not part of this build yet."_s.arg(notLive)
                                        .arg(m_spec.feeds.size())
                                  : u"The live views of this page are not part of this build yet."_s);
}

} // namespace sagadeck
