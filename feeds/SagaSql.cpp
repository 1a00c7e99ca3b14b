#include "SagaSql.h"

#include <QRegularExpression>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

// Microseconds since the epoch <-> timestamptz, exactly (no floating point on the way).
const char *kMicrosOf = "(extract(epoch from %1) * 1000000)::bigint";
std::string timestampParam(size_t n)
{
    return "('epoch'::timestamptz + $" + std::to_string(n) + "::bigint * interval '1 microsecond')";
}

std::string sortExpression(SagaColumn c)
{
    switch (c) {
    case SagaColumn::Id: return "id";
    case SagaColumn::Type: return "saga_type";
    case SagaColumn::Status: return "status";
    case SagaColumn::CurrentStep: return "coalesce(current_step, '')";
    case SagaColumn::Attempt: return "attempt";
    case SagaColumn::LastError: return "coalesce(last_error, '')";
    case SagaColumn::CreatedAt: return "created_at";
    case SagaColumn::UpdatedAt: return "updated_at";
    }
    return "updated_at";
}

// The boundary value of `row` for the sort column, as a parameter expression and its text.
std::pair<std::string, std::string> keyOf(SagaColumn c, const SagaRow &row, size_t n)
{
    const std::string p = "$" + std::to_string(n);
    switch (c) {
    case SagaColumn::Id: return {p + "::uuid", row.id.toString(QUuid::WithoutBraces).toStdString()};
    case SagaColumn::Type: return {p + "::text", row.type.toStdString()};
    case SagaColumn::Status: return {p + "::text", row.statusText.toStdString()};
    case SagaColumn::CurrentStep: return {p + "::text", row.currentStep.toStdString()};
    case SagaColumn::Attempt: return {p + "::int", std::to_string(row.attempt)};
    case SagaColumn::LastError: return {p + "::text", row.lastError.toStdString()};
    case SagaColumn::CreatedAt: return {timestampParam(n), std::to_string(row.createdAtUs)};
    case SagaColumn::UpdatedAt: return {timestampParam(n), std::to_string(row.updatedAtUs)};
    }
    return {p, {}};
}

std::string likeEscaped(const QString &text)
{
    QString out;
    for (QChar ch : text) {
        if (ch == u'\\' || ch == u'%' || ch == u'_')
            out += u'\\';
        out += ch;
    }
    return out.toStdString();
}

} // namespace

std::string textArrayLiteral(const QStringList &words)
{
    return "{" + words.join(u',').toStdString() + "}";
}

SagaSql::SagaSql(const QString &instancesTable, const QString &stepsTable, const QVector<BusinessKey> &keys)
    : m_instances(quoteIdentifier(instancesTable))
    , m_steps(quoteIdentifier(stepsTable))
    , m_keys(keys)
{}

std::string SagaSql::payloadKeyExpression(const BusinessKey &key)
{
    // The path's steps are letters, digits, '_' and '-' (parseBusinessKeyPath): a safe literal,
    // and a literal (not a parameter) so the planner can match an expression index on it.
    return "(payload #>> '{" + key.path.join(u',').toStdString() + "}')";
}

void SagaSql::appendWhere(const SagaFilter &f, std::string &sql, std::vector<std::string> &params) const
{
    std::vector<std::string> conds;
    auto param = [&params](std::string value) {
        params.push_back(std::move(value));
        return "$" + std::to_string(params.size());
    };
    if (!f.statuses.isEmpty()) {
        QStringList names;
        for (SagaStatus s : f.statuses)
            names << sagaStatusName(s);
        conds.push_back("status = ANY(" + param(textArrayLiteral(names)) + "::text[])");
    }
    if (!f.type.isEmpty())
        conds.push_back("saga_type = " + param(f.type.toStdString()));
    if (!f.step.isEmpty())
        conds.push_back("current_step = " + param(f.step.toStdString()));
    if (f.updatedFrom.isValid())
        conds.push_back("updated_at >= " + param(f.updatedFrom.toUTC().toString(Qt::ISODateWithMs).toStdString())
                        + "::timestamptz");
    if (f.updatedTo.isValid())
        conds.push_back("updated_at < " + param(f.updatedTo.toUTC().toString(Qt::ISODateWithMs).toStdString())
                        + "::timestamptz");
    const SagaSearch search = parseSagaSearch(f.search, m_keys);
    if (search.kind == SagaSearch::Kind::Key) {
        // Exactly the expression an index on the key is declared with (README, "Business keys").
        for (const BusinessKey &k : m_keys) {
            if (k.name == search.key)
                conds.push_back(payloadKeyExpression(k) + " = " + param(search.value.toStdString()));
        }
    } else if (search.kind != SagaSearch::Kind::Empty) {
        const QString needle = search.value;
        static const QRegularExpression fullId(
            u"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"_s);
        static const QRegularExpression idPrefix(u"^[0-9a-fA-F-]{4,}$"_s);
        // Text also finds a saga by any business key's exact value (a complaint's bare number).
        std::string anyKey;
        if (!m_keys.isEmpty() && !fullId.match(needle).hasMatch()) {
            const std::string p = param(needle.toStdString());
            for (const BusinessKey &k : m_keys)
                anyKey += " OR " + payloadKeyExpression(k) + " = " + p;
        }
        if (fullId.match(needle).hasMatch()) {
            conds.push_back("id = " + param(needle.toLower().toStdString()) + "::uuid");
        } else if (idPrefix.match(needle).hasMatch()) {
            const std::string p = param(likeEscaped(needle.toLower()) + "%");
            conds.push_back("(id::text LIKE " + p + " OR last_error ILIKE '%' || " + p + anyKey + ")");
        } else {
            conds.push_back("(last_error ILIKE " + param("%" + likeEscaped(needle) + "%") + anyKey + ")");
        }
    }
    for (size_t i = 0; i < conds.size(); ++i)
        sql += (i == 0 ? " WHERE " : " AND ") + conds[i];
}

std::string SagaSql::quoteIdentifier(const QString &name)
{
    // "schema.table" stays two identifiers; each part is quoted with "" doubled inside.
    std::string out;
    const QStringList parts = name.split(u'.');
    for (int i = 0; i < parts.size(); ++i) {
        if (i)
            out += '.';
        out += '"' + QString(parts[i]).replace(u"\""_s, u"\"\""_s).toStdString() + '"';
    }
    return out;
}

const char *SagaSql::rowColumns()
{
    static const std::string cols =
        // saga_id, not id: an output column named id would capture ORDER BY id as text.
        "id::text AS saga_id, saga_type, status, coalesce(current_step, ''), attempt, "
        // A table row carries at most kRowErrorCap characters of last_error, and says how many
        // more there are; the detail pane reads the rest.
        "CASE WHEN length(last_error) > "
        + std::to_string(kRowErrorCap) + " THEN left(last_error, " + std::to_string(kRowErrorCap)
        + ") || '… (' || length(last_error) || ' characters; open the saga to see all)' "
          "ELSE coalesce(last_error, '') END, "
        + QString::fromLatin1(kMicrosOf).arg(u"created_at"_s).toStdString() + ", "
        + QString::fromLatin1(kMicrosOf).arg(u"updated_at"_s).toStdString();
    return cols.c_str();
}

SqlStatement SagaSql::count(const SagaFilter &filter) const
{
    SqlStatement s{"SELECT count(*) FROM " + m_instances, {}};
    appendWhere(filter, s.text, s.params);
    return s;
}

SqlStatement SagaSql::page(const SagaFilter &filter, int limit, int skip, const std::optional<SagaRow> &after) const
{
    SqlStatement s{std::string("SELECT ") + rowColumns() + " FROM " + m_instances, {}};
    appendWhere(filter, s.text, s.params);
    const bool desc = filter.sortOrder == Qt::DescendingOrder;
    const std::string col = sortExpression(filter.sortColumn);
    if (after) {
        const bool filtered = !s.params.empty(); // every filter condition has a parameter
        const auto [keyExpr, keyValue] = keyOf(filter.sortColumn, *after, s.params.size() + 1);
        s.params.push_back(keyValue);
        s.params.push_back(after->id.toString(QUuid::WithoutBraces).toStdString());
        s.text += std::string(filtered ? " AND " : " WHERE ") + "(" + col + ", id) " + (desc ? "<" : ">") + " ("
            + keyExpr + ", $" + std::to_string(s.params.size()) + "::uuid)";
    }
    const char *dir = desc ? " DESC" : " ASC";
    s.text += " ORDER BY " + col + dir + ", id" + dir;
    s.params.push_back(std::to_string(limit));
    s.text += " LIMIT $" + std::to_string(s.params.size()) + "::int";
    if (skip > 0) {
        s.params.push_back(std::to_string(skip));
        s.text += " OFFSET $" + std::to_string(s.params.size()) + "::int";
    }
    return s;
}

SqlStatement SagaSql::anchors(const SagaFilter &filter, int spacing) const
{
    // Number the matching rows in one scan (ids only), then fetch the few anchor rows whole.
    const char *dir = filter.sortOrder == Qt::DescendingOrder ? " DESC" : " ASC";
    SqlStatement inner{"SELECT id AS anchor_id, row_number() OVER (ORDER BY " + sortExpression(filter.sortColumn) + dir
                           + ", id" + dir + ") AS rn FROM " + m_instances,
                       {}};
    appendWhere(filter, inner.text, inner.params);
    inner.params.push_back(std::to_string(spacing));
    return {std::string("SELECT ") + rowColumns() + " FROM " + m_instances + " JOIN (SELECT anchor_id, rn FROM ("
                + inner.text + ") numbered WHERE rn % $" + std::to_string(inner.params.size())
                + "::int = 0) a ON id = a.anchor_id ORDER BY a.rn",
            inner.params};
}

SqlStatement SagaSql::byIds(const std::vector<QUuid> &ids) const
{
    QStringList texts;
    for (const QUuid &id : ids)
        texts << id.toString(QUuid::WithoutBraces);
    return {std::string("SELECT ") + rowColumns() + " FROM " + m_instances + " WHERE id = ANY($1::uuid[])",
            {textArrayLiteral(texts)}};
}

SqlStatement SagaSql::changedSince(qint64 updatedAtUs, const QUuid &id, int limit) const
{
    // The plain bound lets the (updated_at) index find the start; the row comparison pages.
    return {std::string("SELECT ") + rowColumns() + " FROM " + m_instances + " WHERE updated_at >= " + timestampParam(1)
                + " AND (updated_at, id) > (" + timestampParam(1) + ", $2::uuid) ORDER BY updated_at, id LIMIT $3::int",
            {std::to_string(updatedAtUs), id.toString(QUuid::WithoutBraces).toStdString(), std::to_string(limit)}};
}

namespace {
// `column` whole, or its first kDetailTextCap characters.
std::string capped(const std::string &column, bool whole)
{
    return whole ? column : "left(" + column + ", " + std::to_string(SagaSql::kDetailTextCap) + ")";
}
} // namespace

SqlStatement SagaSql::detail(const QUuid &id, bool whole) const
{
    // After rowColumns(): payload (capped), its full size in bytes, last_error (capped), its
    // full length: a 10 MB payload is not fetched until the operator asks for it.
    return {std::string("SELECT ") + rowColumns() + ", " + capped("payload::text", whole)
                + ", coalesce(octet_length(payload::text), 0), " + capped("coalesce(last_error, '')", whole)
                + ", coalesce(length(last_error), 0) FROM " + m_instances + " WHERE id = $1::uuid",
            {id.toString(QUuid::WithoutBraces).toStdString()}};
}

SqlStatement SagaSql::steps(const QUuid &id, bool whole) const
{
    return {"SELECT seq, step, action, service, outcome, " + capped("coalesce(error, '')", whole) + ", "
                + QString::fromLatin1(kMicrosOf).arg(u"started_at"_s).toStdString() + ", "
                + QString::fromLatin1(kMicrosOf).arg(u"finished_at"_s).toStdString()
                + ", coalesce(length(error), 0) FROM " + m_steps + " WHERE saga_id = $1::uuid ORDER BY seq",
            {id.toString(QUuid::WithoutBraces).toStdString()}};
}

SqlStatement SagaSql::liveCounts() const
{
    return {"SELECT status, saga_type, count(*) FROM " + m_instances
                + " WHERE status = ANY('{STARTED,IN_PROGRESS,COMPENSATING}'::text[]) GROUP BY status, saga_type",
            {}};
}

SqlStatement SagaSql::finishedCounts(int windowMinutes) const
{
    // The window's start comes back with every row (and alone when none finished), so a page
    // can say exactly which sagas it counted.
    return {
        "SELECT f.status, f.saga_type, f.n, " + QString::fromLatin1(kMicrosOf).arg(u"w.t"_s).toStdString()
            + " FROM (SELECT date_trunc('milliseconds', now() - $1::int * interval '1 minute') AS t) w LEFT JOIN LATERAL ("
              "SELECT status, saga_type, count(*) AS n FROM "
            + m_instances
            + " WHERE status = ANY('{COMPLETED,FAILED,COMPENSATED}'::text[]) AND updated_at >= w.t"
              " GROUP BY status, saga_type) f ON true",
        {std::to_string(windowMinutes)}};
}

SqlStatement SagaSql::totalEstimate() const
{
    return {"SELECT coalesce((SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass($1)), -1)", {m_instances}};
}

SqlStatement SagaSql::openTransactions() const
{
    // Sessions of other roles show no xact_start without pg_read_all_stats; their backend_xid
    // and backend_xmin are shown to everyone and say that a transaction is open.
    return {
        "SELECT " + QString::fromLatin1(kMicrosOf).arg(u"min(xact_start)"_s).toStdString()
            + ", count(*) FILTER (WHERE xact_start IS NULL AND (backend_xid IS NOT NULL OR backend_xmin IS NOT NULL)), "
            + QString::fromLatin1(kMicrosOf).arg(u"now()"_s).toStdString()
            + " FROM pg_stat_activity WHERE backend_type = 'client backend' AND datname = current_database()"
              " AND usename IS DISTINCT FROM current_user", // our read-only role writes no saga
        {}};
}

SqlStatement SagaSql::throughput(int windowMinutes) const
{
    // Everything created or finished in the window was also updated in it, so the
    // updated_at index bounds the scan.
    return {"SELECT count(*) FILTER (WHERE created_at >= t), "
            "count(*) FILTER (WHERE status = 'COMPLETED'), "
            "count(*) FILTER (WHERE status IN ('FAILED', 'COMPENSATED')) "
            "FROM "
                + m_instances
                + ", (SELECT now() - $1::int * interval '1 minute' AS t) w "
                  "WHERE updated_at >= w.t",
            {std::to_string(windowMinutes)}};
}

SqlStatement SagaSql::stuck(int stuckAfterS, int limit) const
{
    return {std::string("SELECT ") + rowColumns() + ", count(*) OVER () FROM " + m_instances
                + " WHERE status IN ('IN_PROGRESS', 'COMPENSATING')"
                  " AND updated_at < now() - $1::int * interval '1 second'"
                  " ORDER BY updated_at LIMIT $2::int",
            {std::to_string(stuckAfterS), std::to_string(limit)}};
}

} // namespace sagadeck
