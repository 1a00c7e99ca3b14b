#include "SagaActionBar.h"

#include <QComboBox>
#include <QDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sagadeck {

SagaActionBar::SagaActionBar(QWidget *parent)
    : QWidget(parent)
    , m_retry(new QPushButton(u"Retry…"_s, this))
    , m_compensate(new QPushButton(u"Compensate…"_s, this))
    , m_scope(new QComboBox(this))
    , m_progress(new QProgressBar(this))
    , m_cancel(new QPushButton(u"Cancel the rest"_s, this))
    , m_result(new QLabel(this))
    , m_reportButton(new QPushButton(u"Report…"_s, this))
{
    setObjectName(u"sagaActionBar"_s);
    m_retry->setObjectName(u"retryButton"_s);
    m_compensate->setObjectName(u"compensateButton"_s);
    m_scope->setObjectName(u"actionScope"_s);
    m_scope->addItem(u"the selected sagas"_s);
    m_scope->addItem(u"every saga the filter matches"_s);
    m_result->setObjectName(u"actionResult"_s);
    m_result->setTextFormat(Qt::PlainText);
    m_result->setWordWrap(true);
    m_progress->setMaximumWidth(200);
    m_progress->hide();
    m_cancel->hide();
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_retry);
    row->addWidget(m_compensate);
    row->addWidget(new QLabel(u"on"_s, this));
    row->addWidget(m_scope);
    row->addWidget(m_progress);
    row->addWidget(m_cancel);
    row->addWidget(m_result, 1);
    row->addWidget(m_reportButton);
    m_reportButton->setObjectName(u"actionReportButton"_s);
    m_reportButton->hide();
    connect(m_reportButton, &QPushButton::clicked, this, [this] {
        auto *box = new QDialog(this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->setWindowTitle(u"Result per saga"_s);
        auto *text = new QPlainTextEdit(m_report, box);
        text->setReadOnly(true);
        text->setMinimumSize(700, 300);
        auto *layout = new QVBoxLayout(box);
        layout->addWidget(text);
        box->open();
    });
    connect(m_retry, &QPushButton::clicked, this, [this] {
        if (!m_running)
            emit requested(SagaActionVerb::Retry, wholeFilter());
    });
    connect(m_compensate, &QPushButton::clicked, this, [this] {
        if (!m_running)
            emit requested(SagaActionVerb::Compensate, wholeFilter());
    });
    connect(m_cancel, &QPushButton::clicked, this, &SagaActionBar::cancelRequested);
    connect(m_scope, &QComboBox::currentIndexChanged, this, &SagaActionBar::updateButtons);
    updateButtons();
}

bool SagaActionBar::wholeFilter() const
{
    return m_scope->currentIndex() == 1;
}

QString SagaActionBar::resultText() const
{
    return m_result->text();
}

void SagaActionBar::setBlocked(const QString &why)
{
    m_blocked = why;
    updateButtons();
}

void SagaActionBar::setSelectionCount(int count)
{
    m_selected = count;
    updateButtons();
}

void SagaActionBar::setRunning(bool running)
{
    m_running = running;
    m_progress->setVisible(running);
    m_cancel->setVisible(running);
    if (running)
        m_progress->setRange(0, 0); // busy until the plan says how many
    updateButtons();
}

void SagaActionBar::setProgress(int done, int total)
{
    m_progress->setRange(0, total);
    m_progress->setValue(done);
    m_progress->setFormat(u"%v of %m"_s);
}

void SagaActionBar::setResult(const QString &text)
{
    m_result->setText(text);
}

void SagaActionBar::setReport(const QString &text)
{
    m_report = text;
    m_reportButton->setVisible(!text.isEmpty());
}

void SagaActionBar::updateButtons()
{
    QString why = m_blocked;
    if (why.isEmpty() && m_running)
        why = u"an action is under way"_s;
    if (why.isEmpty() && !wholeFilter() && m_selected == 0)
        why = u"select sagas in the table, or choose every saga the filter matches"_s;
    for (QPushButton *b : {m_retry, m_compensate}) {
        b->setEnabled(why.isEmpty());
        b->setToolTip(why);
    }
    m_scope->setEnabled(!m_running && m_blocked.isEmpty());
}

} // namespace sagadeck
