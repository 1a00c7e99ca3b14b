#include "PlaybookSnapshot.h"

#include "PlaybookBoard.h"

#include <QJsonArray>

#include <cmath>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

QString iso(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QJsonValue number(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue();
}

QJsonObject activityJson(const PgAnswer<PgActivity> &a)
{
    QJsonObject states;
    for (auto it = a.value.byState.cbegin(); it != a.value.byState.cend(); ++it)
        states.insert(it.key(), it.value());
    QJsonArray longest;
    for (const PgBackend &b : a.value.longest)
        longest.append(QJsonObject{{u"pid"_s, b.pid},
                                   {u"user"_s, b.user},
                                   {u"state"_s, b.state},
                                   {u"duration_s"_s, b.durationS},
                                   {u"query"_s, b.query}});
    return {{u"has_data"_s, a.has},
            {u"error"_s, a.error},
            {u"last_success"_s, iso(a.lastSuccess)},
            {u"max_connections"_s, a.value.maxConnections},
            {u"open"_s, a.value.total},
            {u"by_state"_s, states},
            {u"longest"_s, longest}};
}

} // namespace

QJsonObject playbooksJson(const PlaybookBoard &board)
{
    QJsonArray list;
    for (int i : board.order()) {
        const Playbook &p = board.playbooks().at(i);
        const PlaybookLive &l = board.live(i);
        QJsonArray symptoms;
        for (int j = 0; j < p.symptoms.size(); ++j) {
            const PlaybookSymptom &s = p.symptoms.at(j);
            const SymptomReading &r = l.symptoms.at(j);
            symptoms.append(QJsonObject{{u"label"_s, s.label},
                                        {u"query"_s, s.query},
                                        {u"state"_s, symptomStateName(r.state)},
                                        {u"value"_s, number(r.value)},
                                        {u"value_text"_s, s.valueText(r.value)},
                                        {u"threshold"_s, s.threshold},
                                        {u"condition"_s, s.thresholdText()},
                                        {u"error"_s, r.error},
                                        {u"evaluated_at"_s, iso(r.at)}});
        }
        QJsonArray investigations;
        for (int j = 0; j < p.investigations.size(); ++j) {
            const PlaybookInvestigation &inv = p.investigations.at(j);
            QJsonObject o{{u"kind"_s, investigationKindName(inv.kind)}, {u"title"_s, inv.title}};
            if (inv.kind == InvestigationKind::PromByLabel) {
                const PromTable &t = l.tables.at(j);
                QJsonArray rows;
                for (const auto &row : t.rows)
                    rows.append(QJsonObject{{inv.label, row.first}, {u"value"_s, number(row.second)}});
                o.insert(u"query"_s, inv.query);
                o.insert(u"rows"_s, rows);
                o.insert(u"error"_s, t.error);
                o.insert(u"last_success"_s, iso(t.lastSuccess));
            } else if (inv.kind == InvestigationKind::KafkaPartitions) {
                o.insert(u"group"_s, inv.group);
            }
            investigations.append(o);
        }
        QJsonArray remedies;
        for (const PlaybookRemedy &r : p.remedies)
            remedies.append(QJsonObject{{u"verb"_s, remedyVerbName(r.verb)},
                                        {u"label"_s, r.label()},
                                        {u"deployment"_s, r.deployment},
                                        {u"why"_s, r.why}});
        list.append(QJsonObject{{u"id"_s, p.id},
                                {u"title"_s, p.title},
                                {u"section"_s, p.section},
                                {u"alert"_s, p.alert},
                                {u"raise_rule"_s, p.raiseRuleText()},
                                {u"state"_s, playbookStatusName(board.status(i))},
                                {u"raised"_s, l.raise.raised},
                                {u"raised_by"_s, l.raise.raised ? QJsonValue(l.raise.by) : QJsonValue()},
                                {u"raised_at"_s, iso(l.raise.at)},
                                // Raised only by silenced instances: raised, but no attention.
                                {u"raised_silenced"_s, l.raise.raised && l.raise.silenced},
                                {u"symptoms"_s, symptoms},
                                {u"investigations"_s, investigations},
                                {u"remedies"_s, remedies}});
    }
    return {{u"error"_s, board.error()},
            {u"raised"_s, board.raisedCount()},
            {u"last_evaluation"_s, iso(board.lastEvaluation())},
            {u"pg_activity"_s, activityJson(board.activity())},
            {u"playbooks"_s, list}};
}

bool playbooksReady(const PlaybookBoard &board, QString *failure)
{
    if (!board.error().isEmpty()) {
        *failure = u"playbooks: "_s + board.error();
        return false;
    }
    return board.answeredOnce();
}

} // namespace sagadeck
