#include "AuditPage.h"

#include "AuditLogFollower.h"
#include "TeamTrail.h"
#include "AuditTableModel.h"
#include "PageWidgets.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sagadeck {

AuditPage::AuditPage(const QString &logPath, QWidget *parent)
    : QWidget(parent)
    , m_path(logPath)
    , m_model(new AuditTableModel(this))
    , m_sort(new QSortFilterProxyModel(this))
    , m_status(new QLabel(this))
    , m_problems(makeProblemBanner(u"auditProblems"_s, this))
    , m_reload(new QPushButton(u"Reload"_s, this))
    , m_follower(new AuditLogFollower(logPath, this))
{
    setObjectName(u"auditPage"_s);
    m_status->setObjectName(u"auditStatus"_s);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_sort->setSourceModel(m_model);
    m_sort->setSortRole(AuditTableModel::SortRole);
    m_view = makeReadOnlyTable(m_sort, u"auditView"_s, this);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(AuditTableModel::Started, Qt::DescendingOrder);
    const int widths[] = {150, 80, 340, 110, 320, 260, 150, 90, 70};
    for (int c = 0; c < int(std::size(widths)); ++c)
        m_view->setColumnWidth(c, widths[c]);

    auto *top = new QHBoxLayout;
    top->addWidget(m_status, 1);
    top->addWidget(m_reload);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->addLayout(top);
    layout->addWidget(m_problems);
    layout->addWidget(m_view, 1);

    connect(m_reload, &QPushButton::clicked, this, &AuditPage::reload);
    connect(m_follower, &AuditLogFollower::loaded, this, &AuditPage::applyResult);
    m_status->setText(u"Reading "_s + m_path + u" …"_s);
    reload();
}

void AuditPage::reload()
{
    m_follower->reload();
}

bool AuditPage::isLoading() const
{
    return m_follower->isReading();
}

void AuditPage::setTeamTrail(TeamTrail *trail)
{
    m_trail = trail;
    connect(m_trail, &TeamTrail::changed, this, &AuditPage::showRecords);
    showRecords();
}

void AuditPage::applyResult(const AuditReadResult &r)
{
    m_loadedAt = QDateTime::currentDateTime();
    if (!r.ok()) {
        // Keep what was shown: a read error must not look like an empty log.
        m_status->setText(u"Cannot read the audit log %1: %2 (showing what was read before)"_s.arg(m_path, r.error));
    } else {
        m_local = r.records;
        m_localMissing = r.lines == 0 && !QFileInfo::exists(m_path);
        showRecords();
    }
    if (r.problems.isEmpty()) {
        m_problems->hide();
    } else {
        m_problems->setText(u"Lines that could not be read (skipped, the rest is shown):\n"_s + r.problems.join(u'\n'));
        m_problems->show();
    }
    emit loaded();
}

void AuditPage::showRecords()
{
    if (!m_loadedAt.isValid())
        return; // the first read has not answered yet
    const QVector<AuditRecord> records = m_trail ? m_trail->mergedWith(m_local) : m_local;
    m_model->setRecords(records);
    const int open = int(std::count_if(m_model->rows().cbegin(), m_model->rows().cend(),
                                       [](const AuditTableModel::Row &row) { return !row.outcome; }));
    const qsizetype fromTrail = records.size() - m_local.size();
    QString text = m_localMissing && records.isEmpty()
        ? u"No operator actions yet; this console records its own in %1"_s.arg(m_path)
        : u"%1 actions · %2 without an outcome · %3 records from this console's log %4"_s.arg(m_model->rowCount())
              .arg(open)
              .arg(m_local.size())
              .arg(m_path);
    if (m_trail)
        text += m_trail->readerLive() || fromTrail > 0
            ? u", %1 more from the team trail"_s.arg(fromTrail)
            : u" · the team trail is not read: "_s + m_trail->readerProblem();
    m_status->setText(text + u" · read at "_s + m_loadedAt.toString(u"HH:mm:ss"_s));
}

QString AuditPage::statusText() const
{
    return m_status->text();
}

QString AuditPage::problemText() const
{
    return m_problems->isHidden() ? QString() : m_problems->text();
}

} // namespace sagadeck
