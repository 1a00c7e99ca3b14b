#include "SagaDetailPane.h"
#include "PlainText.h"

#include "FeedHealth.h"
#include "SagaStatusStyle.h"

#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QHBoxLayout>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sagadeck {

QString formatPayload(const QByteArray &payload)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(payload, &error);
    if (error.error != QJsonParseError::NoError)
        return QString::fromUtf8(payload);
    return QString::fromUtf8(doc.toJson(QJsonDocument::Indented)).trimmed();
}

namespace {
QString utc(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s) : u"—"_s;
}
} // namespace

SagaDetailPane::SagaDetailPane(QWidget *parent)
    : QWidget(parent)
    , m_message(new QLabel(this))
    , m_fields(new QLabel(this))
    , m_steps(new QTableWidget(this))
    , m_payload(new QPlainTextEdit(this))
    , m_cut(new QLabel(this))
    , m_loadAll(new QPushButton(u"Load all"_s, this))
    , m_body(new QWidget(this))
{
    setObjectName(u"sagaDetail"_s);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    m_fields->setObjectName(u"sagaFields"_s);
    m_fields->setTextFormat(Qt::PlainText);
    m_fields->setWordWrap(true);
    m_fields->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);

    m_steps->setObjectName(u"stepTimeline"_s);
    m_steps->setColumnCount(8);
    m_steps->setHorizontalHeaderLabels(
        {u"#"_s, u"Action"_s, u"Step"_s, u"Service"_s, u"Outcome"_s, u"Started (UTC)"_s, u"Duration"_s, u"Error"_s});
    m_steps->verticalHeader()->hide();
    m_steps->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_steps->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_steps->horizontalHeader()->setStretchLastSection(true);
    m_steps->setWordWrap(false);

    m_payload->setObjectName(u"sagaPayload"_s);
    m_payload->setReadOnly(true);
    m_payload->setLineWrapMode(QPlainTextEdit::NoWrap);
    QFont mono(u"monospace"_s);
    mono.setStyleHint(QFont::Monospace);
    m_payload->setFont(mono);

    // Fields and steps on the left, the payload beside them.
    auto *left = new QVBoxLayout;
    left->addWidget(m_fields);
    left->addWidget(new QLabel(u"Steps"_s, m_body));
    left->addWidget(m_steps, 1);
    m_cut->setObjectName(u"sagaTextCut"_s);
    m_cut->setTextFormat(Qt::PlainText);
    m_loadAll->setObjectName(u"sagaLoadAll"_s);
    m_loadAll->setToolTip(u"Fetch the whole payload and errors (formatted off the GUI thread)"_s);
    connect(m_loadAll, &QPushButton::clicked, this, [this] {
        m_loadAll->setEnabled(false);
        m_cut->setText(m_cut->text() + u" — loading all…"_s);
        emit loadAllRequested(m_shown);
    });
    auto *cutRow = new QHBoxLayout;
    cutRow->addWidget(m_cut, 1);
    cutRow->addWidget(m_loadAll);
    auto *right = new QVBoxLayout;
    right->addWidget(new QLabel(u"Payload"_s, m_body));
    right->addLayout(cutRow);
    right->addWidget(m_payload, 1);
    auto *bodyLayout = new QHBoxLayout(m_body);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    bodyLayout->addLayout(left, 3);
    bodyLayout->addLayout(right, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(m_message);
    layout->addWidget(m_body, 1);
    showMessage(u"Select a saga to see its steps and payload."_s);
}

void SagaDetailPane::showMessage(const QString &message)
{
    m_message->setText(message);
    m_message->show();
    m_body->hide();
}

QString SagaDetailPane::fieldsText() const
{
    return m_fields->text();
}

QString SagaDetailPane::cutText() const
{
    return m_cut->isVisible() ? m_cut->text() : QString();
}

void SagaDetailPane::showDetail(const SagaDetail &detail)
{
    const SagaRow &s = detail.saga;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QStringList lines{
        u"Saga  "_s + s.id.toString(QUuid::WithoutBraces),
        u"Type  "_s + s.type,
        u"Status  "_s + (s.status == SagaStatus::Unknown ? s.statusText : sagaStatusLabel(s.status)) + u"   (attempt "_s
            + QString::number(s.attempt) + u')',
        u"Current step  "_s + (s.currentStep.isEmpty() ? u"—"_s : s.currentStep),
        u"Created  "_s + utc(s.createdAt) + u"   Updated  "_s + utc(s.updatedAt),
        u"Last error  "_s + (s.lastError.isEmpty() ? u"—"_s : s.lastError),
    };
    if (detail.lastErrorChars > s.lastError.size())
        lines << u"(last error: showing %1 of %2 characters)"_s.arg(s.lastError.size()).arg(detail.lastErrorChars);
    m_fields->setText(lines.join(u'\n'));

    m_steps->setRowCount(int(detail.steps.size()));
    for (int i = 0; i < detail.steps.size(); ++i) {
        const SagaStep &st = detail.steps.at(i);
        const QStringList cells{QString::number(st.seq),
                                st.action,
                                st.step,
                                st.service,
                                st.outcome,
                                utc(st.startedAt),
                                st.finishedAt.isValid() ? u"%1 ms"_s.arg(st.durationMs(now))
                                                        : u"running for "_s + describeAge(st.durationMs(now)),
                                st.error};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells.at(c));
            if (c == 7 && !st.error.isEmpty())
                item->setToolTip(plainTooltip(st.error));
            if (c == 4) {
                const SagaStatus look = st.outcome == u"SUCCEEDED"_s ? SagaStatus::Completed
                    : st.outcome == u"RUNNING"_s                     ? SagaStatus::InProgress
                                                                     : SagaStatus::Failed;
                item->setIcon(sagaStatusIcon(look, 14));
            }
            if (c == 1 && st.action == u"COMPENSATE"_s)
                item->setIcon(sagaStatusIcon(SagaStatus::Compensating, 14));
            m_steps->setItem(i, c, item);
        }
    }
    m_steps->resizeColumnsToContents();
    // Formatted by the worker; a detail made elsewhere (tests, the orchestrator) is small.
    m_payload->setPlainText(detail.payloadText.isEmpty() ? formatPayload(detail.payload) : detail.payloadText);
    m_shown = s.id;
    const QLocale locale = QLocale::c();
    m_cut->setText(detail.payloadBytes > detail.payload.size() ? u"showing %1 of %2"_s.arg(
                       locale.formattedDataSize(detail.payload.size()), locale.formattedDataSize(detail.payloadBytes))
                                                               : u"some errors are cut"_s);
    m_cut->setVisible(!detail.complete);
    m_loadAll->setVisible(!detail.complete);
    m_loadAll->setEnabled(true);
    m_message->hide();
    m_body->show();
}

} // namespace sagadeck
