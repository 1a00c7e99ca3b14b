#include "LogsPanel.h"

#include "FileExport.h"
#include "LogBuffer.h"
#include "PageWidgets.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sagadeck {

LogsPanel::LogsPanel(LogBuffer *buffer, QWidget *parent)
    : QWidget(parent)
    , m_buffer(buffer)
    , m_filtered(new QSortFilterProxyModel(this))
    , m_target(new QLabel(this))
    , m_tail(new QSpinBox(this))
    , m_follow(new QCheckBox(u"Follow"_s, this))
    , m_previous(new QCheckBox(u"Previous container"_s, this))
    , m_read(new QPushButton(u"Read"_s, this))
    , m_stop(new QPushButton(u"Stop"_s, this))
    , m_filter(new QLineEdit(this))
    , m_pause(new QPushButton(u"Pause"_s, this))
    , m_copy(new QPushButton(u"Copy"_s, this))
    , m_save(new QPushButton(u"Save…"_s, this))
    , m_status(new QLabel(this))
{
    setObjectName(u"logsPanel"_s);
    m_target->setObjectName(u"logsTarget"_s);
    m_target->setTextFormat(Qt::PlainText);
    m_status->setObjectName(u"logsStatus"_s);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_tail->setObjectName(u"logsTail"_s);
    m_tail->setRange(0, 100000);
    m_tail->setValue(100);
    m_tail->setPrefix(u"last "_s);
    m_tail->setSuffix(u" lines"_s);
    m_tail->setSpecialValueText(u"whole log"_s);
    m_tail->setToolTip(u"kubectl logs --tail=N (0: the whole log)"_s);
    m_follow->setObjectName(u"logsFollow"_s);
    m_follow->setChecked(true);
    m_follow->setToolTip(u"kubectl logs -f: new lines as they are written; pods the deployment starts join"_s);
    m_previous->setObjectName(u"logsPrevious"_s);
    m_previous->setToolTip(u"kubectl logs --previous: the run before the last restart (an OOMKilled one)"_s);
    m_filter->setObjectName(u"logsFilter"_s);
    m_filter->setPlaceholderText(u"Filter: text, or /regular expression/"_s);
    m_filter->setClearButtonEnabled(true);
    m_pause->setObjectName(u"logsPause"_s);
    m_pause->setCheckable(true);
    m_pause->setToolTip(u"Hold the lines still; new ones wait (within the same bound) and come on resume"_s);
    m_read->setObjectName(u"logsRead"_s);
    m_stop->setObjectName(u"logsStop"_s);
    m_copy->setObjectName(u"logsCopy"_s);
    m_copy->setToolTip(u"Copy the selected lines, or every visible line when none is selected"_s);
    m_save->setObjectName(u"logsSave"_s);

    m_filtered->setSourceModel(m_buffer);
    m_filtered->setFilterKeyColumn(LogBuffer::Line);
    m_view = makeReadOnlyTable(m_filtered, u"logsView"_s, this);
    m_view->setWordWrap(false);
    m_view->setColumnWidth(LogBuffer::Time, 190);
    m_view->setColumnWidth(LogBuffer::Pod, 250);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 4);
    QFont mono(u"monospace"_s);
    mono.setStyleHint(QFont::Monospace);
    m_view->setFont(mono);

    auto *controls = new QHBoxLayout;
    controls->addWidget(m_target, 1);
    controls->addWidget(m_tail);
    controls->addWidget(m_follow);
    controls->addWidget(m_previous);
    controls->addWidget(m_read);
    controls->addWidget(m_stop);
    auto *tools = new QHBoxLayout;
    tools->addWidget(m_filter, 1);
    tools->addWidget(m_pause);
    tools->addWidget(m_copy);
    tools->addWidget(m_save);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(controls);
    layout->addLayout(tools);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);

    connect(m_read, &QPushButton::clicked, this, &LogsPanel::read);
    connect(m_stop, &QPushButton::clicked, this, &LogsPanel::stop);
    connect(m_filter, &QLineEdit::textChanged, this, &LogsPanel::applyFilter);
    connect(m_pause, &QPushButton::toggled, this, [this](bool paused) {
        m_buffer->setPaused(paused);
        m_pause->setText(paused ? u"Resume"_s : u"Pause"_s);
    });
    connect(m_copy, &QPushButton::clicked, this, &LogsPanel::copyLines);
    connect(m_save, &QPushButton::clicked, this, &LogsPanel::saveLines);
    connect(m_buffer, &LogBuffer::statusChanged, this, &LogsPanel::refreshStatus);
    // Following: keep the newest line in sight, unless the operator scrolled up to read.
    connect(m_filtered, &QAbstractItemModel::rowsInserted, this, [this] {
        QScrollBar *bar = m_view->verticalScrollBar();
        if (!m_buffer->paused() && bar->value() >= bar->maximum() - 3)
            m_view->scrollToBottom();
    });
    setTarget({}, {});
}

void LogsPanel::setTarget(const QString &deployment, const QString &pod)
{
    m_deployment = deployment;
    m_pod = pod;
    if (!pod.isEmpty())
        m_target->setText(u"Logs of pod "_s + pod);
    else if (!deployment.isEmpty())
        m_target->setText(u"Logs of %1 (all its pods, by time)"_s.arg(deployment));
    else
        m_target->setText(u"Logs: select a deployment or a pod"_s);
    updateButtons();
}

void LogsPanel::setBlocked(const QString &why)
{
    m_blocked = why;
    updateButtons();
    refreshStatus();
}

void LogsPanel::read()
{
    if (!m_blocked.isEmpty() || (m_deployment.isEmpty() && m_pod.isEmpty()))
        return;
    if (m_buffer->active())
        emit stopped(m_buffer->request().session);
    LogRequest r;
    r.deployment = m_deployment;
    r.pod = m_pod;
    r.tailLines = m_tail->value() == 0 ? -1 : m_tail->value();
    r.previous = m_previous->isChecked();
    r.follow = m_follow->isChecked() && !r.previous; // a previous container writes no more
    r.session = m_buffer->begin(r);
    m_pause->setChecked(false);
    emit requested(r);
    updateButtons();
}

void LogsPanel::stop()
{
    if (!m_buffer->active())
        return;
    emit stopped(m_buffer->request().session);
    m_buffer->end();
    updateButtons();
}

void LogsPanel::applyFilter()
{
    const QString text = m_filter->text();
    m_note.clear();
    if (text.size() > 2 && text.startsWith(u'/') && text.endsWith(u'/')) {
        const QRegularExpression re(text.mid(1, text.size() - 2), QRegularExpression::CaseInsensitiveOption);
        if (!re.isValid())
            m_note = u"the filter is not a valid regular expression: "_s + re.errorString();
        m_filtered->setFilterRegularExpression(re.isValid() ? re : QRegularExpression());
    } else {
        m_filtered->setFilterCaseSensitivity(Qt::CaseInsensitive);
        m_filtered->setFilterFixedString(text);
    }
    refreshStatus();
}

void LogsPanel::refreshStatus()
{
    QString text;
    if (!m_blocked.isEmpty())
        text = m_blocked;
    else if (m_buffer->request().session == 0)
        text = u"Nothing read yet: Read asks the API server's pods/log, as kubectl logs does"_s;
    else
        text = m_buffer->statusText();
    if (!m_filter->text().isEmpty())
        text += u" · %1 shown by the filter"_s.arg(m_filtered->rowCount());
    if (!m_note.isEmpty())
        text += u" · "_s + m_note;
    m_status->setText(text);
    updateButtons();
}

void LogsPanel::updateButtons()
{
    const bool target = !m_deployment.isEmpty() || !m_pod.isEmpty();
    m_read->setEnabled(m_blocked.isEmpty() && target);
    m_read->setToolTip(!m_blocked.isEmpty() ? m_blocked : target ? QString() : u"select a deployment or a pod"_s);
    m_stop->setEnabled(m_buffer->active());
    m_pause->setEnabled(m_buffer->active() || m_buffer->paused());
}

int LogsPanel::visibleLines() const
{
    return m_filtered->rowCount();
}

QString LogsPanel::visibleText() const
{
    QList<int> rows;
    rows.reserve(m_filtered->rowCount());
    for (int r = 0; r < m_filtered->rowCount(); ++r)
        rows << m_filtered->mapToSource(m_filtered->index(r, 0)).row();
    return m_buffer->textOf(rows);
}

QString LogsPanel::copyText() const
{
    QList<int> rows;
    for (const QModelIndex &i : m_view->selectionModel()->selectedRows())
        rows << m_filtered->mapToSource(i).row();
    std::sort(rows.begin(), rows.end());
    return rows.isEmpty() ? visibleText() : m_buffer->textOf(rows);
}

void LogsPanel::copyLines()
{
    QApplication::clipboard()->setText(copyText());
}

void LogsPanel::saveLines()
{
    const QString name = (m_pod.isEmpty() ? m_deployment : m_pod) + u".log"_s;
    const QString path = QFileDialog::getSaveFileName(this, u"Save the visible log lines"_s, name,
                                                      u"Logs (*.log *.txt)"_s);
    if (path.isEmpty())
        return;
    const int n = visibleLines();
    saveInBackground(this, path, visibleText().toUtf8(), [this, path, n](const QString &error) {
        m_note = error.isEmpty() ? u"saved %1 lines to %2"_s.arg(n).arg(path)
                                 : u"could not write %1: %2"_s.arg(path, error);
        refreshStatus();
    });
}

QString LogsPanel::targetText() const
{
    return m_target->text();
}

QString LogsPanel::statusText() const
{
    return m_status->text();
}

} // namespace sagadeck
