#include "AlertRule.h"
#include "ChartCatalog.h"
#include "Playbook.h"
#include "ServiceLevelQueries.h"
#include "SiteNames.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace sagadeck;
using namespace Qt::StringLiterals;

namespace {
QByteArray sourceFile(const QString &relative)
{
    QFile f(QStringLiteral(SAGADECK_SOURCE_DIR) + u'/' + relative);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(relative));
    return f.readAll();
}

// Every key renamed to "site_<key>": a query that still names a default after expansion did
// not take that name from the mapping.
SiteNames everyNameRenamed()
{
    SiteNames site;
    for (const SiteNames::Key &k : SiteNames::keys())
        site.rename(k.key, u"site_"_s + k.key);
    return site;
}

QStringList defaultNames()
{
    QStringList out;
    for (const SiteNames::Key &k : SiteNames::keys())
        out << k.defaultName;
    return out;
}

// Every query the console sends, in the given names: tiles, charts, timeline, rules, playbooks.
QStringList everyQuery(const SiteNames &site)
{
    QStringList queries;
    for (const ServiceLevelQuery &l : serviceLevelQueries(site))
        queries << l.query;
    for (const ChartSpec &c : chartCatalog(site))
        queries << c.query;
    queries << levelquery::sagaFailureByType(site) << levelquery::lagOfTopic(site, u"saga-events"_s)
            << levelquery::lagByGroupOfTopic(site, u"saga-events"_s);
    const AlertRulesParse rules = parseAlertRules(sourceFile(u"resources/alert-rules.json"_s), u"r"_s, site);
    for (const AlertRule &r : rules.rules)
        queries << r.query;
    const PlaybooksParse playbooks = parsePlaybooks(sourceFile(u"resources/playbooks.json"_s), u"p"_s, {site, {}, {}});
    for (const Playbook &p : playbooks.playbooks) {
        for (const PlaybookSymptom &s : p.symptoms)
            queries << s.query;
        for (const PlaybookInvestigation &i : p.investigations)
            if (!i.query.isEmpty())
                queries << i.query;
    }
    return queries;
}
} // namespace

// The site mapping: one set of names behind every query, defaults from resources/site-names.json.
class TestSiteNames : public QObject
{
    Q_OBJECT
private slots:
    void keysAndDefaultsComeFromTheFile()
    {
        const QJsonObject root = QJsonDocument::fromJson(sourceFile(u"resources/site-names.json"_s)).object();
        const qsizetype inFile = root.value(u"metrics"_s).toArray().size() + root.value(u"labels"_s).toArray().size();
        QCOMPARE(SiteNames::keys().size(), inFile);
        const SiteNames defaults;
        QCOMPARE(defaults.name(u"saga_failed"_s), u"saga_failed_total"_s);
        QCOMPARE(defaults.name(u"consumer_group"_s), u"consumergroup"_s);
        QCOMPARE(defaults.name(u"no_such_key"_s), QString());
        QCOMPARE(SiteNames::find(u"service"_s)->kind, SiteNames::Kind::Label);
        QCOMPARE(SiteNames::find(u"memory"_s)->kind, SiteNames::Kind::Metric);
    }

    void renameAndExpand()
    {
        SiteNames site;
        QVERIFY(site.rename(u"kafka_lag"_s, u"kafka_consumer_lag"_s));
        QVERIFY(!site.rename(u"kafka_lagg"_s, u"x"_s));
        QCOMPARE(site.renamed().size(), 1);
        QVERIFY(site.rename(u"kafka_lag"_s, u"kafka_consumergroup_lag"_s)); // back to its default
        QVERIFY(site.renamed().isEmpty());
        site.rename(u"http_duration"_s, u"app_latency_seconds"_s);
        site.rename(u"service"_s, u"app"_s);
        QStringList unknown;
        QCOMPARE(site.expand(u"sum by (le, ${service}) (rate(${http_duration}_bucket[5m])) + ${nope}"_s, &unknown),
                 u"sum by (le, app) (rate(app_latency_seconds_bucket[5m])) + ${nope}"_s);
        QCOMPARE(unknown, QStringList{u"nope"_s});
    }

    void unmappedNamesAreFound_data()
    {
        QTest::addColumn<QString>("templ");
        QTest::addColumn<QStringList>("unmapped");
        QTest::newRow("all mapped")
            << u"sum by (le, ${service}) (rate(${http_duration}_bucket{${status}=~\"5..\"}[5m]))"_s << QStringList();
        QTest::newRow("metric written out")
            << u"sum(rate(saga_failed_total[5m]))"_s << QStringList{u"saga_failed_total"_s};
        QTest::newRow("label in by") << u"sum by (service) (rate(${http_requests}[5m]))"_s << QStringList{u"service"_s};
        QTest::newRow("label in a matcher") << u"max(${memory}{service!=\"\"})"_s << QStringList{u"service"_s};
        QTest::newRow("a string is no name") << u"max(${memory}{${memory_service}=\"service\"})"_s << QStringList();
        QTest::newRow("ignoring") << u"${db_connections} / ignoring(state) ${db_connections}"_s
                                  << QStringList{u"state"_s};
    }
    void unmappedNamesAreFound()
    {
        QFETCH(QString, templ);
        QFETCH(QStringList, unmapped);
        QCOMPARE(SiteNames::unmappedNamesIn(templ), unmapped);
    }

    void expandQuerySaysWhatToWrite()
    {
        QStringList problems;
        SiteNames().expandQuery(u"sum(rate(saga_failed_total[5m])) / ${saga_createdd}"_s, true, &problems);
        QCOMPARE(problems.size(), 2);
        QVERIFY2(problems.at(0).startsWith(u"${saga_createdd} is not a site name (known: saga_created,"_s),
                 qPrintable(problems.at(0)));
        QCOMPARE(problems.at(1),
                 u"names `saga_failed_total` itself; write ${saga_failed} so the profile's site: mapping applies"_s);
        problems.clear();
        SiteNames().expandQuery(u"sum(rate(saga_failed_total[5m]))"_s, false, &problems); // a site's own rules
        QVERIFY(problems.isEmpty());
    }

    // The built-in files write every name through the mapping, so a renamed site loses none.
    void builtInFilesNameNothingThemselves()
    {
        const PlaybooksParse playbooks = parsePlaybooks(sourceFile(u"resources/playbooks.json"_s), u"playbooks.json"_s);
        QVERIFY2(playbooks.errors.isEmpty(), qPrintable(playbooks.errors.join(u'\n')));
        const QJsonArray rules =
            QJsonDocument::fromJson(sourceFile(u"resources/alert-rules.json"_s)).object().value(u"rules"_s).toArray();
        QCOMPARE(rules.size(), 4);
        for (const QJsonValue &r : rules) {
            const QString q = r.toObject().value(u"query"_s).toString();
            QVERIFY2(SiteNames::unmappedNamesIn(q).isEmpty(), qPrintable(q));
        }
    }

    void everyQueryFollowsTheMapping()
    {
        const QStringList defaults = defaultNames();
        const QStringList renamedQueries = everyQuery(everyNameRenamed());
        QVERIFY(renamedQueries.size() > 30);
        for (const QString &q : renamedQueries) {
            QVERIFY2(!q.contains(u"${"_s), qPrintable(q));
            for (const QString &name : metricNamesIn(q))
                QVERIFY2(!defaults.contains(name) && name.startsWith(u"site_"_s), qPrintable(name + u" in "_s + q));
        }
        // And with no mapping, the queries are today's names.
        for (const QString &q : everyQuery(SiteNames()))
            for (const QString &name : metricNamesIn(q))
                QVERIFY2(defaults.contains(name) || defaults.contains(name.chopped(7)), qPrintable(name));
    }

    // A playbook names only the profile's deployments and groups, and labels through the mapping.
    void playbookScopeIsChecked()
    {
        const QByteArray json = R"json({"playbooks":[{"id":"x","title":"X","section":"S","alert":"A",
            "symptoms":[{"label":"l","query":"max(process_resident_memory_bytes)","op":">","threshold":1}],
            "investigation":[{"kind":"prom_by_label","title":"t","label":"service","query":"max by (${service}) (${memory})"},
                             {"kind":"kafka_partitions","title":"p","group":"orders-group"}],
            "remedies":[{"verb":"restart","deployment":"payment-service","why":"w"}]}]})json";
        const PlaybooksParse p = parsePlaybooks(json, u"site.json"_s,
                                                {SiteNames(), {u"payments"_s}, {u"saga-orchestrator-group"_s}});
        QVERIFY(p.playbooks.isEmpty());
        const QString all = p.errors.join(u'\n');
        QVERIFY2(all.contains(u"site.json: playbooks[0].symptoms[0].query: names `process_resident_memory_bytes` "
                              u"itself; write ${memory}"_s),
                 qPrintable(all));
        QVERIFY2(all.contains(u"playbooks[0].investigation[0].label: expected a label of the site mapping"_s),
                 qPrintable(all));
        QVERIFY2(all.contains(u"playbooks[0].investigation[1].group: \"orders-group\" is not one of the profile's "
                              u"consumer groups"_s),
                 qPrintable(all));
        QVERIFY2(all.contains(u"playbooks[0].remedies[0].deployment: \"payment-service\" is not one of the "
                              u"profile's deployments (kubernetes.deployments) (payments)"_s),
                 qPrintable(all));
    }
};

QTEST_GUILESS_MAIN(TestSiteNames)
#include "tst_sitenames.moc"
