#include "AuditTableModel.h"
#include "PlainText.h"

#include <QHash>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sagadeck {

AuditTableModel::AuditTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int AuditTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AuditTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVector<AuditTableModel::Row> AuditTableModel::join(const QVector<AuditRecord> &records)
{
    QVector<Row> rows;
    QHash<QString, int> byAction;
    for (const AuditRecord &r : records) {
        const QString key = r.actionId.toString();
        if (r.kind == AuditKind::Intent) {
            byAction.insert(key, int(rows.size()));
            rows.append({r, std::nullopt});
        } else if (const auto it = byAction.constFind(key); it != byAction.constEnd()) {
            rows[*it].outcome = r;
        } else {
            rows.append({r, r}); // the intent line is gone (malformed or cut): keep the outcome
        }
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) { return a.intent.at > b.intent.at; });
    return rows;
}

void AuditTableModel::setRecords(const QVector<AuditRecord> &records)
{
    beginResetModel();
    m_rows = join(records);
    endResetModel();
}

namespace {
QString resultText(const AuditTableModel::Row &row)
{
    if (!row.outcome)
        return u"no outcome recorded — check before retrying"_s;
    return auditResultName(row.outcome->result);
}
QString targetText(const AuditTarget &t)
{
    return t.ns.isEmpty() ? u"%1 %2"_s.arg(t.kind, t.name) : u"%1 %2/%3"_s.arg(t.kind, t.ns, t.name);
}
} // namespace

QVariant AuditTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const AuditRecord &in = row.intent;
    switch (role) {
    case ResultRole: return row.outcome ? int(row.outcome->result) : -1;
    case Qt::ToolTipRole:
        if (index.column() == Message || index.column() == Reason || index.column() == Result)
            return plainTooltip(data(index, Qt::DisplayRole).toString());
        return {};
    case SortRole:
        if (index.column() == Started)
            return in.at.toMSecsSinceEpoch();
        if (index.column() == Duration)
            return row.outcome ? row.outcome->durationMs : -1;
        [[fallthrough]];
    case Qt::DisplayRole:
        switch (index.column()) {
        case Started: return in.at.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s);
        case Verb: return in.verb;
        case Target: return targetText(in.target);
        case Result: return resultText(row);
        case Message: return row.outcome ? row.outcome->message : QString();
        case Reason: return in.reason;
        case Who:
            return in.identity.isEmpty() || in.identity == in.osUser ? in.osUser
                                                                     : u"%1 as %2"_s.arg(in.osUser, in.identity);
        case Profile: return in.profile;
        case Duration:
            return row.outcome && row.outcome->durationMs >= 0 ? u"%1 ms"_s.arg(row.outcome->durationMs) : QString();
        case Action: return in.actionId.toString();
        default: break;
        }
        break;
    default: break;
    }
    return {};
}

QVariant AuditTableModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *const names[] = {"Started", "Who",    "Action",  "Target", "Result",
                                        "Message", "Reason", "Profile", "Took",   "Action id"};
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(names[section]) : QVariant();
}

} // namespace sagadeck
