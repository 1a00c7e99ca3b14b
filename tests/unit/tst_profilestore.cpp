#include "ProfileParser.h"
#include "ProfileStore.h"
#include "ProfileText.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

namespace {

const QString file = u"profiles.yaml"_s;

QProcessEnvironment testEnv()
{
    QProcessEnvironment env;
    env.insert(u"HOME"_s, u"/home/op"_s);
    env.insert(u"PGHOST"_s, u"db.example"_s);
    env.insert(u"KHOST"_s, u"kafka.example"_s);
    env.insert(u"KPORT"_s, u"9092"_s);
    env.insert(u"REFRESH"_s, u"750"_s);
    env.insert(u"EMPTY"_s, QString());
    env.insert(u"PGPASS"_s, u"hunter2"_s);
    env.insert(u"CONN"_s, u"host=db password=hunter2"_s);
    return env;
}

ProfileLoadResult parse(const QByteArray &yaml, const QProcessEnvironment &env = testEnv())
{
    return ProfileStore::parse(yaml, file, env);
}

const Profile *findProfile(const ProfileLoadResult &r, const QString &name)
{
    for (const Profile &p : r.profiles) {
        if (p.name == name)
            return &p;
    }
    return nullptr;
}

QVariantMap renamedNames(const SiteNames &site)
{
    QVariantMap out;
    const QHash<QString, QString> renamed = site.renamed();
    for (auto it = renamed.cbegin(); it != renamed.cend(); ++it)
        out.insert(it.key(), it.value());
    return out;
}

// Every setting of a profile under a dotted name, so that tables can list expected values.
QVariantMap flatten(const Profile &p)
{
    return {
        {u"name"_s, p.name},
        {u"description"_s, p.description},
        {u"production"_s, p.production},
        {u"readOnly"_s, p.readOnly},
        {u"postgres.enabled"_s, p.postgres.enabled()},
        {u"postgres.conninfo"_s, p.postgres.conninfo},
        {u"postgres.service"_s, p.postgres.service},
        {u"postgres.passwordEnv"_s, p.postgres.passwordEnv},
        {u"postgres.passwordFromKeychain"_s, p.postgres.passwordFromKeychain},
        {u"postgres.notifyChannel"_s, p.postgres.notifyChannel},
        {u"postgres.refreshMs"_s, p.postgres.refreshMs},
        {u"postgres.stuckAfterS"_s, p.postgres.stuckAfterS},
        {u"postgres.statementTimeoutMs"_s, p.postgres.statementTimeoutMs},
        {u"postgres.instancesTable"_s, p.postgres.instancesTable},
        {u"postgres.stepsTable"_s, p.postgres.stepsTable},
        {u"kafka.enabled"_s, p.kafka.enabled()},
        {u"kafka.bootstrap"_s, p.kafka.bootstrap},
        {u"kafka.sagaTopic"_s, p.kafka.sagaTopic},
        {u"kafka.consumerGroups"_s, p.kafka.consumerGroups},
        {u"kafka.refreshMs"_s, p.kafka.refreshMs},
        {u"kafka.securityProtocol"_s, p.kafka.securityProtocol},
        {u"kafka.saslMechanism"_s, p.kafka.saslMechanism},
        {u"kafka.saslUsername"_s, p.kafka.saslUsername},
        {u"kafka.saslPasswordEnv"_s, p.kafka.saslPasswordEnv},
        {u"kafka.saslPasswordFromKeychain"_s, p.kafka.saslPasswordFromKeychain},
        {u"kafka.caFile"_s, p.kafka.caFile},
        {u"kafka.certFile"_s, p.kafka.certFile},
        {u"kafka.keyFile"_s, p.kafka.keyFile},
        {u"kafka.insecureSkipVerify"_s, p.kafka.insecureSkipVerify},
        {u"site.renamed"_s, renamedNames(p.site)},
        {u"playbooksFile"_s, p.playbooksFile},
        {u"prometheus.enabled"_s, p.prometheus.enabled()},
        {u"prometheus.url"_s, p.prometheus.url},
        {u"prometheus.scrapeIntervalS"_s, p.prometheus.scrapeIntervalS},
        {u"prometheus.refreshMs"_s, p.prometheus.refreshMs},
        {u"prometheus.bearerTokenEnv"_s, p.prometheus.bearerTokenEnv},
        {u"prometheus.basicAuthUser"_s, p.prometheus.basicAuthUser},
        {u"prometheus.basicAuthPasswordEnv"_s, p.prometheus.basicAuthPasswordEnv},
        {u"prometheus.alertRulesFile"_s, p.prometheus.alertRulesFile},
        {u"prometheus.caFile"_s, p.prometheus.caFile},
        {u"prometheus.insecureSkipVerify"_s, p.prometheus.insecureSkipVerify},
        {u"orchestrator.enabled"_s, p.orchestrator.enabled()},
        {u"orchestrator.url"_s, p.orchestrator.url},
        {u"kubernetes.enabled"_s, p.kubernetes.enabled()},
        {u"kubernetes.kubeconfig"_s, p.kubernetes.kubeconfig},
        {u"kubernetes.context"_s, p.kubernetes.context},
        {u"kubernetes.namespace"_s, p.kubernetes.ns},
        {u"kubernetes.deployments"_s, p.kubernetes.deployments},
    };
}

QMap<QString, QString> disabledReasons(const Profile &p)
{
    return {{u"postgres"_s, p.postgres.disabledReason},
            {u"kafka"_s, p.kafka.disabledReason},
            {u"prometheus"_s, p.prometheus.disabledReason},
            {u"orchestrator"_s, p.orchestrator.disabledReason},
            {u"kubernetes"_s, p.kubernetes.disabledReason}};
}

// Every text the loader produced: none of it may ever hold a secret.
QStringList allTexts(const ProfileLoadResult &r)
{
    QStringList out = r.errors + r.rejected.values();
    for (const Profile &p : r.profiles)
        out += disabledReasons(p).values();
    return out;
}

const QByteArray sample = R"(current: local
profiles:
  local:
    description: Local stack in /work/main/.stack
    production: false
    read_only: false
    postgres:
      conninfo: "host=127.0.0.1 port=55432 dbname=microservices user=sagadeck passfile=/x/secrets/pgpass"
      notify_channel: saga_changed
      refresh_ms: 2000
      stuck_after_s: 300
    kafka:
      bootstrap: "127.0.0.1:59092"
      saga_topic: saga-events
      consumer_groups: [saga-orchestrator-group, inventory-service-group, payment-service-group, notification-service-group]
      refresh_ms: 2000
    site:
      metrics:
        kafka_lag: kafka_consumer_lag
        memory: container_memory_usage_bytes
      labels:
        consumer_group: group
        memory_service: container
    playbooks: ~/site/playbooks.json
    prometheus:
      url: "http://127.0.0.1:59090"
      scrape_interval_s: 2
      refresh_ms: 5000
    orchestrator:
      url: "http://127.0.0.1:58080"
    kubernetes:
      kubeconfig: "/path/kubeconfig"
      context: operator
      namespace: microservices
      deployments: [saga-orchestrator, inventory-service, payment-service, notification-service]
)";

// One profile with all five sections; each %X% is line 5, 8, 11, 14, 17 respectively.
const QByteArray allSections = R"(profiles:
  p:
    postgres:
      conninfo: "host=db"
      %PG%
    kafka:
      bootstrap: "k:9092"
      %KAFKA%
    prometheus:
      url: "http://prom:9090"
      %PROM%
    orchestrator:
      url: "http://orch:8080"
      %ORCH%
    kubernetes:
      kubeconfig: /k
      %KUBE%
)";

QByteArray withLines(QByteArray yaml, const QMap<QByteArray, QByteArray> &lines)
{
    for (const char *slot : {"%PG%", "%KAFKA%", "%PROM%", "%ORCH%", "%KUBE%"})
        yaml.replace(slot, lines.value(slot, "# ok"));
    return yaml;
}

// A postgres section whose own lines start at line 6, after a valid kafka section.
QByteArray postgresProfile(const QByteArray &postgresLines)
{
    return "profiles:\n  p:\n    kafka:\n      bootstrap: \"k:9092\"\n    postgres:\n" + postgresLines;
}

const QString refused = u"inline passwords are refused; use ~/.pgpass (passfile=), "
                        u"password_env: VAR, or password_keychain: true"_s;

} // namespace

class TestProfileStore : public QObject
{
    Q_OBJECT
private slots:
    void fullSampleIsClean()
    {
        const ProfileLoadResult r = parse(sample);
        QVERIFY2(r.ok(), qPrintable(r.errors.join(u'\n')));
        QCOMPARE(r.path, file);
        QCOMPARE(r.current, u"local"_s);
        QCOMPARE(r.profiles.size(), 1);
        QVERIFY(r.rejected.isEmpty());
        for (const QString &reason : disabledReasons(r.profiles.front()))
            QVERIFY2(reason.isEmpty(), qPrintable(reason));
    }

    void fullSample_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QVariant>("expected");
        const QVariantMap expected{
            {u"name"_s, u"local"_s},
            {u"description"_s, u"Local stack in /work/main/.stack"_s},
            {u"production"_s, false},
            {u"readOnly"_s, false},
            {u"postgres.enabled"_s, true},
            {u"postgres.conninfo"_s,
             u"host=127.0.0.1 port=55432 dbname=microservices "
             u"user=sagadeck passfile=/x/secrets/pgpass"_s},
            {u"postgres.service"_s, QString()},
            {u"postgres.passwordEnv"_s, QString()},
            {u"postgres.passwordFromKeychain"_s, false},
            {u"postgres.notifyChannel"_s, u"saga_changed"_s},
            {u"postgres.refreshMs"_s, 2000},
            {u"postgres.stuckAfterS"_s, 300},
            {u"postgres.statementTimeoutMs"_s, 5000},
            {u"postgres.instancesTable"_s, u"saga_instances"_s},
            {u"postgres.stepsTable"_s, u"saga_steps"_s},
            {u"kafka.enabled"_s, true},
            {u"kafka.bootstrap"_s, u"127.0.0.1:59092"_s},
            {u"kafka.sagaTopic"_s, u"saga-events"_s},
            {u"kafka.consumerGroups"_s,
             QStringList{u"saga-orchestrator-group"_s, u"inventory-service-group"_s, u"payment-service-group"_s,
                         u"notification-service-group"_s}},
            {u"kafka.refreshMs"_s, 2000},
            {u"site.renamed"_s,
             QVariantMap{{u"kafka_lag"_s, u"kafka_consumer_lag"_s},
                         {u"memory"_s, u"container_memory_usage_bytes"_s},
                         {u"consumer_group"_s, u"group"_s},
                         {u"memory_service"_s, u"container"_s}}},
            {u"playbooksFile"_s, u"/home/op/site/playbooks.json"_s},
            {u"prometheus.enabled"_s, true},
            {u"prometheus.url"_s, u"http://127.0.0.1:59090"_s},
            {u"prometheus.scrapeIntervalS"_s, 2},
            {u"prometheus.refreshMs"_s, 5000},
            {u"prometheus.bearerTokenEnv"_s, QString()},
            {u"prometheus.basicAuthUser"_s, QString()},
            {u"prometheus.basicAuthPasswordEnv"_s, QString()},
            {u"prometheus.alertRulesFile"_s, QString()},
            {u"prometheus.caFile"_s, QString()},
            {u"prometheus.insecureSkipVerify"_s, false},
            {u"orchestrator.enabled"_s, true},
            {u"orchestrator.url"_s, u"http://127.0.0.1:58080"_s},
            {u"kubernetes.enabled"_s, true},
            {u"kubernetes.kubeconfig"_s, u"/path/kubeconfig"_s},
            {u"kubernetes.context"_s, u"operator"_s},
            {u"kubernetes.namespace"_s, u"microservices"_s},
            {u"kubernetes.deployments"_s,
             QStringList{u"saga-orchestrator"_s, u"inventory-service"_s, u"payment-service"_s,
                         u"notification-service"_s}},
        };
        for (auto it = expected.cbegin(); it != expected.cend(); ++it)
            QTest::newRow(qPrintable(it.key())) << it.key() << it.value();
    }
    void fullSample()
    {
        QFETCH(QString, key);
        QFETCH(QVariant, expected);
        const ProfileLoadResult r = parse(sample);
        QCOMPARE(r.profiles.size(), 1);
        const QVariantMap actual = flatten(r.profiles.front());
        QVERIFY2(actual.contains(key), "flatten() must know every key of the table");
        QCOMPARE(actual.value(key), expected);
    }

    void everyKeyAndDefaults_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QVariant>("expected");
        // Only what each section cannot do without: everything else takes its default.
        const QByteArray minimal = "profiles:\n  min:\n"
                                   "    postgres: {service: saga}\n"
                                   "    kafka: {bootstrap: \"k1:9092,k2:9092\"}\n"
                                   "    prometheus: {url: \"http://prom:9090\"}\n"
                                   "    orchestrator: {url: \"https://orch.example/api\"}\n"
                                   "    kubernetes: {context: ops}\n";
        const QVariantMap defaults{
            {u"description"_s, QString()},
            {u"production"_s, false},
            {u"readOnly"_s, false},
            {u"postgres.enabled"_s, true},
            {u"postgres.conninfo"_s, QString()},
            {u"postgres.service"_s, u"saga"_s},
            {u"postgres.passwordEnv"_s, QString()},
            {u"postgres.passwordFromKeychain"_s, false},
            {u"postgres.notifyChannel"_s, QString()},
            {u"postgres.refreshMs"_s, 2000},
            {u"postgres.stuckAfterS"_s, 300},
            {u"postgres.statementTimeoutMs"_s, 5000},
            {u"postgres.instancesTable"_s, u"saga_instances"_s},
            {u"postgres.stepsTable"_s, u"saga_steps"_s},
            {u"kafka.bootstrap"_s, u"k1:9092,k2:9092"_s},
            {u"kafka.sagaTopic"_s, u"saga-events"_s},
            {u"kafka.consumerGroups"_s, defaultConsumerGroups()},
            {u"kafka.refreshMs"_s, 2000},
            {u"site.renamed"_s, QVariantMap()},
            {u"playbooksFile"_s, QString()},
            {u"kafka.securityProtocol"_s, u"PLAINTEXT"_s},
            {u"kafka.saslMechanism"_s, QString()},
            {u"kafka.saslUsername"_s, QString()},
            {u"kafka.saslPasswordEnv"_s, QString()},
            {u"kafka.saslPasswordFromKeychain"_s, false},
            {u"kafka.caFile"_s, QString()},
            {u"kafka.certFile"_s, QString()},
            {u"kafka.keyFile"_s, QString()},
            {u"kafka.insecureSkipVerify"_s, false},
            {u"prometheus.scrapeIntervalS"_s, 15},
            {u"prometheus.refreshMs"_s, 5000},
            {u"prometheus.bearerTokenEnv"_s, QString()},
            {u"prometheus.basicAuthUser"_s, QString()},
            {u"prometheus.basicAuthPasswordEnv"_s, QString()},
            {u"prometheus.alertRulesFile"_s, QString()},
            {u"prometheus.caFile"_s, QString()},
            {u"prometheus.insecureSkipVerify"_s, false},
            {u"orchestrator.url"_s, u"https://orch.example/api"_s},
            {u"kubernetes.enabled"_s, true},
            {u"kubernetes.kubeconfig"_s, u"/home/op/.kube/config"_s}, // like kubectl
            {u"kubernetes.context"_s, u"ops"_s},
            {u"kubernetes.namespace"_s, u"microservices"_s},
            {u"kubernetes.deployments"_s, defaultDeployments()},
        };
        for (auto it = defaults.cbegin(); it != defaults.cend(); ++it)
            QTest::newRow(qPrintable(u"default "_s + it.key())) << minimal << it.key() << it.value();

        // The keys the sample does not show.
        const QByteArray rest = "profiles:\n  all:\n"
                                "    production: yes\n    read_only: TRUE\n"
                                "    postgres:\n      service: saga\n      password_env: SAGA_PG_PASSWORD\n"
                                "      statement_timeout_ms: 250\n"
                                "      tables: {instances: ops.sagas, steps: ops.saga_steps}\n"
                                "    prometheus:\n      url: \"https://prom.example/prefix\"\n"
                                "      bearer_token_env: PROM_TOKEN\n      ca_file: ~/ca.pem\n"
                                "      insecure_skip_verify: on\n"
                                "    kubernetes:\n      kubeconfig: \"~/a.yaml:/etc/b.yaml\"\n";
        const QVariantMap set{
            {u"production"_s, true},
            {u"readOnly"_s, true},
            {u"postgres.passwordEnv"_s, u"SAGA_PG_PASSWORD"_s},
            {u"postgres.statementTimeoutMs"_s, 250},
            {u"postgres.instancesTable"_s, u"ops.sagas"_s},
            {u"postgres.stepsTable"_s, u"ops.saga_steps"_s},
            {u"prometheus.url"_s, u"https://prom.example/prefix"_s},
            {u"prometheus.bearerTokenEnv"_s, u"PROM_TOKEN"_s},
            {u"prometheus.caFile"_s, u"/home/op/ca.pem"_s},
            {u"prometheus.insecureSkipVerify"_s, true},
            {u"kubernetes.kubeconfig"_s, u"/home/op/a.yaml:/etc/b.yaml"_s},
            {u"kubernetes.context"_s, QString()},
            {u"kafka.enabled"_s, false},
            {u"orchestrator.enabled"_s, false},
        };
        for (auto it = set.cbegin(); it != set.cend(); ++it)
            QTest::newRow(qPrintable(u"set "_s + it.key())) << rest << it.key() << it.value();
        QTest::newRow("password_keychain") << QByteArray("profiles:\n  k:\n    postgres:\n      service: s\n"
                                                         "      password_keychain: true\n")
                                           << u"postgres.passwordFromKeychain"_s << QVariant(true);
        // Basic auth (user + where the password is; never the password) and the rules file.
        const QByteArray basic = "profiles:\n  b:\n    prometheus:\n      url: \"https://prom\"\n"
                                 "      basic_auth_user: grafana\n"
                                 "      basic_auth_password_env: PROM_PASSWORD\n"
                                 "      alert_rules: ~/rules/alerts.json\n";
        QTest::newRow("set prometheus.basicAuthUser")
            << basic << u"prometheus.basicAuthUser"_s << QVariant(u"grafana"_s);
        QTest::newRow("set prometheus.basicAuthPasswordEnv")
            << basic << u"prometheus.basicAuthPasswordEnv"_s << QVariant(u"PROM_PASSWORD"_s);
        QTest::newRow("set prometheus.alertRulesFile")
            << basic << u"prometheus.alertRulesFile"_s << QVariant(u"/home/op/rules/alerts.json"_s);
        // A secured Kafka site: SASL over TLS with a client certificate (spellings normalised).
        const QByteArray secured = "profiles:\n  s:\n    kafka:\n      bootstrap: \"b1:9093,b2:9093\"\n"
                                   "      security_protocol: sasl_ssl\n      sasl_mechanism: scram-sha-512\n"
                                   "      sasl_username: sagadeck\n      sasl_password_env: KAFKA_PASSWORD\n"
                                   "      ca_file: ~/kafka/ca.pem\n      cert_file: /etc/k/client.pem\n"
                                   "      key_file: /etc/k/client.key\n      insecure_skip_verify: false\n";
        const QVariantMap securedSet{
            {u"kafka.enabled"_s, true},
            {u"kafka.securityProtocol"_s, u"SASL_SSL"_s},
            {u"kafka.saslMechanism"_s, u"SCRAM-SHA-512"_s},
            {u"kafka.saslUsername"_s, u"sagadeck"_s},
            {u"kafka.saslPasswordEnv"_s, u"KAFKA_PASSWORD"_s},
            {u"kafka.caFile"_s, u"/home/op/kafka/ca.pem"_s},
            {u"kafka.certFile"_s, u"/etc/k/client.pem"_s},
            {u"kafka.keyFile"_s, u"/etc/k/client.key"_s},
        };
        for (auto it = securedSet.cbegin(); it != securedSet.cend(); ++it)
            QTest::newRow(qPrintable(u"secured "_s + it.key())) << secured << it.key() << it.value();
        QTest::newRow("kafka sasl_password_keychain")
            << QByteArray("profiles:\n  k:\n    kafka:\n      bootstrap: \"b:9093\"\n"
                          "      security_protocol: SASL_PLAINTEXT\n      sasl_mechanism: PLAIN\n"
                          "      sasl_username: u\n      sasl_password_keychain: true\n")
            << u"kafka.saslPasswordFromKeychain"_s << QVariant(true);
    }
    void everyKeyAndDefaults()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, key);
        QFETCH(QVariant, expected);
        const ProfileLoadResult r = parse(yaml);
        QVERIFY2(r.ok(), qPrintable(r.errors.join(u'\n')));
        QCOMPARE(r.profiles.size(), 1);
        QCOMPARE(flatten(r.profiles.front()).value(key), expected);
    }

    void kubeconfigFromEnvironment()
    {
        QProcessEnvironment env = testEnv();
        env.insert(u"KUBECONFIG"_s, u"/etc/k1:~/k2"_s);
        const ProfileLoadResult r = parse("profiles:\n  p:\n    kubernetes: {}\n", env);
        QVERIFY2(r.ok(), qPrintable(r.errors.join(u'\n')));
        QCOMPARE(r.profiles.front().kubernetes.kubeconfig, u"/etc/k1:/home/op/k2"_s);
        QVERIFY(r.profiles.front().kubernetes.enabled());
    }

    void absentAndEmptySections()
    {
        const ProfileLoadResult r = parse("profiles:\n  only:\n    kafka: {bootstrap: \"k:1\"}\n"
                                          "    orchestrator:\n");
        QVERIFY2(r.ok(), qPrintable(r.errors.join(u'\n')));
        const Profile &p = r.profiles.front();
        QVERIFY(p.kafka.enabled());
        QVERIFY(!p.postgres.enabled());
        QVERIFY(!p.prometheus.enabled());
        QVERIFY(!p.orchestrator.enabled());
        QVERIFY(!p.kubernetes.enabled());
        QCOMPARE(p.postgres.disabledReason, u"no postgres section in profile 'only'"_s);
        QCOMPARE(p.prometheus.disabledReason, u"no prometheus section in profile 'only'"_s);
        QCOMPARE(p.kubernetes.disabledReason, u"no kubernetes section in profile 'only'"_s);
        QCOMPARE(p.orchestrator.disabledReason, u"profiles.yaml:4: profiles.only.orchestrator: empty section"_s);
    }

    void selection_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("expectedProfile"); // empty: select must fail
        QTest::addColumn<QString>("expectedError");
        const QByteArray two = "profiles:\n  a: {kafka: {bootstrap: \"k:1\"}}\n"
                               "  b: {kafka: {bootstrap: \"k:2\"}}\n";
        QTest::newRow("current") << "current: b\n" + two << QString() << u"b"_s << QString();
        QTest::newRow("name beats current") << "current: b\n" + two << u"a"_s << u"a"_s << QString();
        QTest::newRow("by name") << two << u"b"_s << u"b"_s << QString();
        QTest::newRow("the only one") << QByteArray("profiles:\n  solo: {}\n") << QString() << u"solo"_s << QString();
        QTest::newRow("several, none chosen")
            << two << QString() << QString()
            << u"profiles.yaml: no `current:` profile and more than one to choose from "
               u"(known: a, b); name one"_s;
        QTest::newRow("unknown name") << two << u"zz"_s << QString()
                                      << u"profiles.yaml: no profile named 'zz' (known: a, b)"_s;
        QTest::newRow("current unknown") << "current: zz\n" + two << QString() << QString()
                                         << u"profiles.yaml: no profile named 'zz' (known: a, b)"_s;
        QTest::newRow("rejected profile")
            << QByteArray("profiles:\n  a: {}\n  bad:\n    production: maybe\n") << u"bad"_s << QString()
            << u"profile 'bad' could not be loaded: profiles.yaml:4: profiles.bad.production: "
               u"expected true or false"_s;
        QTest::newRow("file error") << QByteArray("profiles: [") << QString() << QString() << u"malformed YAML"_s;
    }
    void selection()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, name);
        QFETCH(QString, expectedProfile);
        QFETCH(QString, expectedError);
        const ProfileLoadResult r = parse(yaml);
        QString error;
        const std::optional<Profile> p = ProfileStore::select(r, name, &error);
        if (expectedProfile.isEmpty()) {
            QVERIFY(!p);
            QVERIFY2(error.contains(expectedError), qPrintable(error));
        } else {
            QVERIFY2(p, qPrintable(error));
            QCOMPARE(p->name, expectedProfile);
        }
    }

    void interpolation_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("error"); // empty: expansion must succeed
        QTest::newRow("$VAR") << QByteArray("$PGHOST") << u"db.example"_s << QString();
        QTest::newRow("${VAR}") << QByteArray("${PGHOST}:5432") << u"db.example:5432"_s << QString();
        QTest::newRow("braces glue") << QByteArray("x${KHOST}y") << u"xkafka.exampley"_s << QString();
        QTest::newRow("two vars") << QByteArray("$KHOST:$KPORT") << u"kafka.example:9092"_s << QString();
        QTest::newRow("$$") << QByteArray("cost $$5") << u"cost $5"_s << QString();
        QTest::newRow("$$ then name") << QByteArray("$$PGHOST") << u"$PGHOST"_s << QString();
        QTest::newRow("$$$VAR") << QByteArray("$$$PGHOST") << u"$db.example"_s << QString();
        QTest::newRow("empty var") << QByteArray("a$EMPTY-b") << u"a-b"_s << QString();
        QTest::newRow("plain") << QByteArray("no variables") << u"no variables"_s << QString();
        QTest::newRow("undefined") << QByteArray("$NOPE") << QString() << u"environment variable NOPE is not set"_s;
        QTest::newRow("undefined braced")
            << QByteArray("x${NOPE}") << QString() << u"environment variable NOPE is not set"_s;
        QTest::newRow("unterminated") << QByteArray("${PGHOST") << QString()
                                      << u"unterminated ${ (use $$ for a literal $)"_s;
        QTest::newRow("lone $") << QByteArray("50$") << QString() << u"a lone $ must be written $$"_s;
        QTest::newRow("bad name") << QByteArray("${1X}") << QString()
                                  << u"${...} must hold a variable name (use $$ for a literal $)"_s;
    }
    void interpolation()
    {
        QFETCH(QByteArray, value);
        QFETCH(QString, expected);
        QFETCH(QString, error);
        // description on line 3
        const ProfileLoadResult r = parse("profiles:\n  p:\n    description: \"" + value
                                          + "\"\n    kafka:\n      bootstrap: \"k:1\"\n");
        if (error.isEmpty()) {
            QVERIFY2(r.ok(), qPrintable(r.errors.join(u'\n')));
            QCOMPARE(r.profiles.front().description, expected);
        } else {
            QCOMPARE(r.errors, QStringList{u"profiles.yaml:3: profiles.p.description: "_s + error});
            QVERIFY(r.profiles.isEmpty());
            QVERIFY(r.rejected.contains(u"p"_s));
        }
    }

    void interpolationInEveryScalar()
    {
        const ProfileLoadResult r = parse("profiles:\n  p:\n    kafka:\n"
                                          "      bootstrap: \"${KHOST}:$KPORT\"\n"
                                          "      refresh_ms: $REFRESH\n"
                                          "      consumer_groups: [$KHOST-group, plain]\n"
                                          "    prometheus:\n      url: \"http://$NOPE:9090\"\n");
        QCOMPARE(r.profiles.size(), 1);
        const Profile &p = r.profiles.front();
        QCOMPARE(p.kafka.bootstrap, u"kafka.example:9092"_s);
        QCOMPARE(p.kafka.refreshMs, 750);
        QCOMPARE(p.kafka.consumerGroups, (QStringList{u"kafka.example-group"_s, u"plain"_s}));
        const QString error = u"profiles.yaml:8: profiles.p.prometheus.url: environment "
                              u"variable NOPE is not set"_s;
        QCOMPARE(r.errors, QStringList{error});
        QCOMPARE(p.prometheus.disabledReason, error);
        QVERIFY(!p.prometheus.enabled());
    }

    void inlinePasswordRefused_data()
    {
        QTest::addColumn<QByteArray>("postgres"); // section lines, from line 6
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("secret");
        const QString conninfo6 = u"profiles.yaml:6: profiles.p.postgres.conninfo: "_s + refused;
        QTest::newRow("keyword") << QByteArray("      conninfo: \"host=db password=hunter2 user=u\"\n") << conninfo6
                                 << u"hunter2"_s;
        QTest::newRow("keyword first") << QByteArray("      conninfo: \"password=hunter2\"\n") << conninfo6
                                       << u"hunter2"_s;
        QTest::newRow("spaced and quoted")
            << QByteArray("      conninfo: \"host=db password = 'hunter 2' user=u\"\n") << conninfo6 << u"hunter 2"_s;
        QTest::newRow("single-quoted yaml, escaped quote")
            << QByteArray("      conninfo: 'host=db   password=''hun\\''ter2'''\n") << conninfo6 << u"hun"_s;
        QTest::newRow("upper case keyword")
            << QByteArray("      conninfo: \"host=db PASSWORD=hunter2\"\n") << conninfo6 << u"hunter2"_s;
        QTest::newRow("unclosed quote") << QByteArray("      conninfo: \"host=db password='hunter2\"\n") << conninfo6
                                        << u"hunter2"_s;
        QTest::newRow("uri") << QByteArray("      conninfo: \"postgresql://sagadeck:hunter2@db:5432/m\"\n") << conninfo6
                             << u"hunter2"_s;
        QTest::newRow("uri postgres://") << QByteArray(
            "      conninfo: \"postgres://sagadeck:hunter2@db/m?sslmode=require\"\n")
                                         << conninfo6 << u"hunter2"_s;
        QTest::newRow("uri query") << QByteArray(
            "      conninfo: \"postgresql://u@db/m?sslmode=require&password=hunter2\"\n")
                                   << conninfo6 << u"hunter2"_s;
        QTest::newRow("dbname holding a conninfo")
            << QByteArray("      conninfo: \"dbname='host=db password=hunter2'\"\n") << conninfo6 << u"hunter2"_s;
        QTest::newRow("password from $VAR in conninfo")
            << QByteArray("      conninfo: \"host=db password=$PGPASS\"\n") << conninfo6 << u"hunter2"_s;
        QTest::newRow("whole conninfo from $VAR") << QByteArray("      conninfo: $CONN\n") << conninfo6 << u"hunter2"_s;
        QTest::newRow("password key") << QByteArray("      conninfo: \"host=db\"\n      password: hunter2\n")
                                      << u"profiles.yaml:7: profiles.p.postgres.password: "_s + refused << u"hunter2"_s;
        QTest::newRow("Password key") << QByteArray("      service: s\n      Password: \"hunter2\"\n")
                                      << u"profiles.yaml:7: profiles.p.postgres.Password: "_s + refused << u"hunter2"_s;
        QTest::newRow("nested password key")
            << QByteArray("      conninfo: \"host=db\"\n      tables:\n        password: hunter2\n")
            << u"profiles.yaml:8: profiles.p.postgres.tables.password: "_s + refused << u"hunter2"_s;
    }
    void inlinePasswordRefused()
    {
        QFETCH(QByteArray, postgres);
        QFETCH(QString, expected);
        QFETCH(QString, secret);
        const ProfileLoadResult r = parse(postgresProfile(postgres));
        QVERIFY2(r.errors.contains(expected), qPrintable(r.errors.join(u'\n')));
        for (const QString &text : allTexts(r))
            QVERIFY2(!text.contains(secret), qPrintable(u"secret leaked into: "_s + text));
        // Only Postgres is off; the profile and its Kafka still load.
        QCOMPARE(r.profiles.size(), 1);
        const Profile &p = r.profiles.front();
        QVERIFY(!p.postgres.enabled());
        QVERIFY(p.postgres.conninfo.isEmpty());
        QVERIFY2(p.postgres.disabledReason.contains(expected), qPrintable(p.postgres.disabledReason));
        QVERIFY(p.kafka.enabled());
    }

    void conninfoCheck_data()
    {
        QTest::addColumn<QString>("conninfo");
        QTest::addColumn<int>("expected");
        const int clean = int(ConninfoCheck::Clean), inline_ = int(ConninfoCheck::InlinePassword),
                  malformed = int(ConninfoCheck::Malformed);
        QTest::newRow("empty") << QString() << clean;
        QTest::newRow("passfile") << u"host=db passfile=/x/pgpass"_s << clean;
        QTest::newRow("value says password") << u"host=db user=password"_s << clean;
        QTest::newRow("quoted value holds password=") << u"host=db application_name='password=x'"_s << clean;
        QTest::newRow("spaced keywords") << u" host = db  port= 5432 "_s << clean;
        QTest::newRow("uri without password") << u"postgresql://sagadeck@db/m"_s << clean;
        QTest::newRow("uri host:port") << u"postgresql://db:5432/m?sslmode=require"_s << clean;
        QTest::newRow("uri passfile") << u"postgresql://db/m?passfile=/x"_s << clean;
        QTest::newRow("keyword") << u"host=db password=x"_s << inline_;
        QTest::newRow("empty password") << u"host=db password="_s << inline_;
        QTest::newRow("spaced quoted") << u"host=db password = 'a b'"_s << inline_;
        QTest::newRow("uri user:secret") << u"postgresql://u:x@db"_s << inline_;
        QTest::newRow("uri multi-host") << u"postgresql://u:x@h1:5432,h2:5432/m"_s << inline_;
        QTest::newRow("uri query") << u"postgresql://db?password=x"_s << inline_;
        QTest::newRow("uri encoded key") << u"postgresql://db?%70assword=x"_s << inline_;
        QTest::newRow("dbname uri") << u"dbname=postgresql://u:x@db"_s << inline_;
        QTest::newRow("unclosed quote") << u"host='db"_s << malformed;
        QTest::newRow("keyword without =") << u"host"_s << malformed;
    }
    void conninfoCheck()
    {
        QFETCH(QString, conninfo);
        QFETCH(int, expected);
        QCOMPARE(int(checkConninfo(conninfo)), expected);
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("expected");  // one of the errors
        QTest::addColumn<bool>("profileLoads"); // profile "p", possibly with sections off
        const QByteArray p = "profiles:\n  p:\n";
        QTest::newRow("malformed: tab") << p + "    kafka:\n      bootstrap: k:1\n\tx: 1\n"
                                        << u"profiles.yaml:5:1: malformed YAML: "_s << false;
        QTest::newRow("malformed: indentation") << p + "    kafka:\n      bootstrap: k:1\n     refresh_ms: 5\n"
                                                << u"profiles.yaml:5:6: malformed YAML: "_s << false;
        QTest::newRow("empty file") << QByteArray("# nothing\n") << u"empty file"_s << false;
        QTest::newRow("not a map") << QByteArray("- a\n- b\n")
                                   << u"profiles.yaml:1: expected a map with current: and "
                                      u"profiles:"_s
                                   << false;
        QTest::newRow("no profiles") << QByteArray("current: p\n")
                                     << u"profiles.yaml:1: profiles: missing; expected a map of "
                                        u"profile names to settings"_s
                                     << false;
        QTest::newRow("profiles empty") << QByteArray("current: p\nprofiles:\n")
                                        << u"profiles.yaml:2: profiles: no profiles defined"_s << false;
        QTest::newRow("profiles a list") << QByteArray("profiles:\n  - p\n")
                                         << u"profiles.yaml:2: profiles: expected a map of "
                                            u"profile names to settings, not a list"_s
                                         << false;
        QTest::newRow("profile not a map") << QByteArray("profiles:\n  p: 5\n")
                                           << u"profiles.yaml:2: profiles.p: expected a map of "
                                              u"settings"_s
                                           << false;
        QTest::newRow("current unknown") << "current: zz\n" + p + "    kafka: {}\n"
                                         << u"profiles.yaml:1: current: no profile named 'zz' "
                                            u"(known: p)"_s
                                         << true;
        QTest::newRow("wrong type") << p + "    kafka:\n      bootstrap: k:1\n      refresh_ms: abc\n"
                                    << u"profiles.yaml:5: profiles.p.kafka.refresh_ms: expected a whole number"_s
                                    << true;
        QTest::newRow("fraction") << p + "    postgres:\n      service: s\n      refresh_ms: 2.5\n"
                                  << u"profiles.yaml:5: profiles.p.postgres.refresh_ms: expected "
                                     u"a whole number"_s
                                  << true;
        QTest::newRow("out of range")
            << p + "    kafka:\n      bootstrap: k:1\n      refresh_ms: 99\n"
            << u"profiles.yaml:5: profiles.p.kafka.refresh_ms: must be between 100 and 3600000"_s << true;
        QTest::newRow("map instead of value")
            << p + "    kafka:\n      bootstrap: {a: 1}\n"
            << u"profiles.yaml:4: profiles.p.kafka.bootstrap: expected a single value, not a map"_s << true;
        QTest::newRow("list expected") << p
                + "    kafka:\n      bootstrap: k:1\n"
                  "      consumer_groups: g1\n"
                                       << u"profiles.yaml:5: profiles.p.kafka.consumer_groups: "
                                          u"expected a list, like [a, b]"_s
                                       << true;
        QTest::newRow("bad bool") << p + "    read_only: maybe\n"
                                  << u"profiles.yaml:3: profiles.p.read_only: expected true or "
                                     u"false"_s
                                  << false;
        QTest::newRow("section a list") << p + "    kafka: [a, b]\n"
                                        << u"profiles.yaml:3: profiles.p.kafka: expected a map "
                                           u"of settings, not a list"_s
                                        << true;
        QTest::newRow("section a value") << p + "    kafka: \"k:1\"\n"
                                         << u"profiles.yaml:3: profiles.p.kafka: expected a map "
                                            u"of settings, not a single value"_s
                                         << true;
        QTest::newRow("required missing") << p + "    kafka:\n      saga_topic: t\n"
                                          << u"profiles.yaml:3: profiles.p.kafka.bootstrap: "
                                             u"missing"_s
                                          << true;
        QTest::newRow("required empty") << p + "    kafka:\n      bootstrap:\n      saga_topic: t\n"
                                        << u"profiles.yaml:4: profiles.p.kafka.bootstrap: must "
                                           u"not be empty"_s
                                        << true;
        QTest::newRow("bootstrap without port") << p + "    kafka:\n      bootstrap: broker\n"
                                                << u"profiles.yaml:4: profiles.p.kafka.bootstrap: "
                                                   u"expected host:port[,host:port...]"_s
                                                << true;
        QTest::newRow("bad site metric")
            << p + "    site:\n      metrics:\n        kafka_lag: \"lag{x=1}\"\n"
            << u"profiles.yaml:5: profiles.p.site.metrics.kafka_lag: expected a Prometheus metric name"_s << false;
        QTest::newRow("bad site label") << p + "    site:\n      labels:\n        service: \"app-name\"\n"
                                        << u"profiles.yaml:5: profiles.p.site.labels.service: expected a Prometheus "
                                           u"label name"_s
                                        << false;
        QTest::newRow("unknown site metric")
            << p + "    site:\n      metrics:\n        kafka_lagg: kafka_consumer_lag\n"
            << u"profiles.yaml:5: profiles.p.site.metrics.kafka_lagg: unknown key; did you mean `kafka_lag`?"_s
            << false;
        QTest::newRow("a label under metrics")
            << p + "    site:\n      metrics:\n        service: app\n"
            << u"profiles.yaml:5: profiles.p.site.metrics.service: unknown key; known keys here: "_s << false;
        QTest::newRow("postgres without target")
            << p + "    postgres:\n      refresh_ms: 500\n"
            << u"profiles.yaml:3: profiles.p.postgres: set conninfo or service"_s << true;
        QTest::newRow("bad conninfo") << p + "    postgres:\n      conninfo: \"host='db\"\n"
                                      << u"profiles.yaml:4: profiles.p.postgres.conninfo: not a "
                                         u"libpq connection string"_s
                                      << true;
        QTest::newRow("bad table name")
            << p
                + "    postgres:\n      service: s\n      tables:\n"
                  "        instances: \"x; drop table y\"\n"
            << u"profiles.yaml:6: profiles.p.postgres.tables.instances: expected a table name"_s << true;
        QTest::newRow("password env and keychain")
            << p
                + "    postgres:\n      service: s\n      password_env: PGPW\n"
                  "      password_keychain: true\n"
            << u"profiles.yaml:3: profiles.p.postgres: password_env and password_keychain: true "
               u"exclude each other"_s
            << true;
        QTest::newRow("url not http") << p + "    prometheus:\n      url: \"ftp://prom\"\n"
                                      << u"profiles.yaml:4: profiles.p.prometheus.url: expected "
                                         u"an http:// or https:// URL with a host"_s
                                      << true;
        QTest::newRow("url with password")
            << p + "    prometheus:\n      url: \"http://u:s3cret@prom:9090\"\n"
            << u"profiles.yaml:4: profiles.p.prometheus.url: inline secrets are refused; use "
               u"bearer_token_env: VAR or basic_auth_password_env: VAR"_s
            << true;
        QTest::newRow("inline bearer token")
            << p + "    prometheus:\n      url: \"http://prom\"\n      bearer_token: s3cret\n"
            << u"profiles.yaml:5: profiles.p.prometheus.bearer_token: inline secrets are "
               u"refused; use bearer_token_env: VAR or basic_auth_password_env: VAR"_s
            << true;
        QTest::newRow("inline basic auth password")
            << p
                + "    prometheus:\n      url: \"http://prom\"\n      basic_auth_user: u\n"
                  "      basic_auth_password: s3cret\n"
            << u"profiles.yaml:6: profiles.p.prometheus.basic_auth_password: inline secrets are "
               u"refused; use bearer_token_env: VAR or basic_auth_password_env: VAR"_s
            << true;
        QTest::newRow("basic auth user without password_env")
            << p + "    prometheus:\n      url: \"http://prom\"\n      basic_auth_user: u\n"
            << u"profiles.yaml:3: profiles.p.prometheus: basic_auth_user and "
               u"basic_auth_password_env go together"_s
            << true;
        QTest::newRow("basic auth and bearer")
            << p
                + "    prometheus:\n      url: \"http://prom\"\n      basic_auth_user: u\n"
                  "      basic_auth_password_env: P\n      bearer_token_env: T\n"
            << u"profiles.yaml:3: profiles.p.prometheus: bearer_token_env and basic_auth_user "
               u"exclude each other"_s
            << true;
        QTest::newRow("basic auth password_env not a name")
            << p
                + "    prometheus:\n      url: \"http://prom\"\n      basic_auth_user: u\n"
                  "      basic_auth_password_env: \"not a var\"\n"
            << u"profiles.yaml:6: profiles.p.prometheus.basic_auth_password_env: expected an "
               u"environment variable name"_s
            << true;
        QTest::newRow("duplicate key") << p + "    kafka:\n      bootstrap: k:1\n      bootstrap: k:2\n"
                                       << u"profiles.yaml:5: profiles.p.kafka.bootstrap: duplicate key"_s << true;
        QTest::newRow("duplicate profile") << QByteArray("profiles:\n  p: {}\n  p: {}\n  q: {}\n")
                                           << u"profiles.yaml:3: profiles.p: profile defined twice"_s << false;
        const QByteArray k = p + "    kafka:\n      bootstrap: \"b:9093\"\n";
        QTest::newRow("kafka: unknown protocol")
            << k + "      security_protocol: TLS\n"
            << u"profiles.p.kafka.security_protocol: expected PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL"_s << true;
        QTest::newRow("kafka: unknown mechanism")
            << k + "      security_protocol: SASL_SSL\n      sasl_mechanism: GSSAPI\n"
            << u"profiles.p.kafka.sasl_mechanism: expected PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512"_s << true;
        QTest::newRow("kafka: SASL without a password source")
            << k + "      security_protocol: SASL_SSL\n      sasl_mechanism: PLAIN\n      sasl_username: u\n"
            << u"security_protocol SASL_SSL needs sasl_mechanism, sasl_username and sasl_password_env"_s << true;
        QTest::newRow("kafka: SASL settings on plaintext")
            << k + "      sasl_username: u\n"
            << u"SASL settings need security_protocol SASL_SSL or SASL_PLAINTEXT (it is PLAINTEXT)"_s << true;
        QTest::newRow("kafka: CA without TLS")
            << k
                + "      security_protocol: SASL_PLAINTEXT\n      sasl_mechanism: PLAIN\n      sasl_username: u\n"
                  "      sasl_password_env: P\n      ca_file: /ca.pem\n"
            << u"ca_file, cert_file and insecure_skip_verify need security_protocol SSL or SASL_SSL"_s << true;
        QTest::newRow("kafka: both password sources")
            << k
                + "      security_protocol: SASL_SSL\n      sasl_mechanism: PLAIN\n      sasl_username: u\n"
                  "      sasl_password_env: P\n      sasl_password_keychain: true\n"
            << u"sasl_password_env and sasl_password_keychain: true exclude each other"_s << true;
        QTest::newRow("kafka: certificate without key") << k + "      security_protocol: SSL\n      cert_file: /c.pem\n"
                                                        << u"cert_file and key_file go together"_s << true;
        QTest::newRow("kafka: inline SASL password")
            << k + "      security_protocol: SASL_SSL\n      sasl_password: s3cret\n"
            << u"inline secrets are refused"_s << true;
        QTest::newRow("bad namespace") << p + "    kubernetes:\n      namespace: Micro_Services\n"
                                       << u"profiles.yaml:4: profiles.p.kubernetes.namespace: expected a Kubernetes "
                                          u"namespace name"_s
                                       << true;
        QTest::newRow("bad deployment")
            << p + "    kubernetes:\n      deployments: [ok-one, Bad_One]\n"
            << u"profiles.yaml:4: profiles.p.kubernetes.deployments[1]: expected a Deployment "
               u"name"_s
            << true;
    }
    void errors()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, expected);
        QFETCH(bool, profileLoads);
        const ProfileLoadResult r = parse(yaml);
        QVERIFY(!r.ok());
        bool found = false;
        for (const QString &e : r.errors)
            found = found || e.contains(expected);
        QVERIFY2(found, qPrintable(u"expected \""_s + expected + u"\" among:\n"_s + r.errors.join(u'\n')));
        QCOMPARE(findProfile(r, u"p"_s) != nullptr, profileLoads);
        for (const QString &text : allTexts(r))
            QVERIFY2(!text.contains(u"s3cret"_s), qPrintable(text));
    }

    void badSectionDisablesOnlyItself_data()
    {
        QTest::addColumn<QByteArray>("slot");
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("section");
        QTest::addColumn<QString>("expected");
        QTest::newRow("postgres") << QByteArray("%PG%") << QByteArray("stuck_after_s: -1") << u"postgres"_s
                                  << u"profiles.yaml:5: profiles.p.postgres.stuck_after_s: must "
                                     u"be between 1 and 2592000"_s;
        QTest::newRow("kafka") << QByteArray("%KAFKA%") << QByteArray("refresh_ms: abc") << u"kafka"_s
                               << u"profiles.yaml:8: profiles.p.kafka.refresh_ms: expected a "
                                  u"whole number"_s;
        QTest::newRow("prometheus") << QByteArray("%PROM%") << QByteArray("scrape_interval_s: 0") << u"prometheus"_s
                                    << u"profiles.yaml:11: profiles.p.prometheus.scrape_interval_s: "
                                       u"must be between 1 and 3600"_s;
        QTest::newRow("orchestrator") << QByteArray("%ORCH%") << QByteArray("token: s3cret") << u"orchestrator"_s
                                      << u"profiles.yaml:14: profiles.p.orchestrator.token: inline "
                                         u"secrets are refused; keep credentials out of the "
                                         u"profile"_s;
        QTest::newRow("kubernetes") << QByteArray("%KUBE%") << QByteArray("context: [a]") << u"kubernetes"_s
                                    << u"profiles.yaml:17: profiles.p.kubernetes.context: "
                                       u"expected a single value, not a list"_s;
    }
    void badSectionDisablesOnlyItself()
    {
        QFETCH(QByteArray, slot);
        QFETCH(QByteArray, line);
        QFETCH(QString, section);
        QFETCH(QString, expected);
        const ProfileLoadResult healthy = parse(withLines(allSections, {}));
        QVERIFY2(healthy.ok(), qPrintable(healthy.errors.join(u'\n')));
        const ProfileLoadResult r = parse(withLines(allSections, {{slot, line}}));
        QCOMPARE(r.errors, QStringList{expected});
        QCOMPARE(r.profiles.size(), 1);
        const Profile &p = r.profiles.front();
        const QVariantMap got = flatten(p), defaults = flatten(Profile{});
        const QMap<QString, QString> reasons = disabledReasons(p);
        for (auto it = reasons.cbegin(); it != reasons.cend(); ++it) {
            const bool broken = it.key() == section;
            QCOMPARE(got.value(it.key() + u".enabled"_s).toBool(), !broken);
            QCOMPARE(it.value(), broken ? expected : QString());
        }
        // Nothing half-parsed: the broken section is back at its defaults.
        for (auto it = got.cbegin(); it != got.cend(); ++it) {
            if (it.key().startsWith(section + u'.'))
                QCOMPARE(it.value(), defaults.value(it.key()));
        }
        QVERIFY(!allTexts(r).join(u'\n').contains(u"s3cret"_s));
    }

    void unknownKeysRefuse_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("error");
        QTest::addColumn<bool>("wholeFile"); // beside current: and profiles:, no profile is used
        // The case of issue 18: a typo in the safety flag must not leave the console writable.
        QTest::newRow("read_onyl") << QByteArray("profiles:\n  p:\n    read_onyl: true\n")
                                   << u"profiles.yaml:3: profiles.p.read_onyl: unknown key; did you mean `read_only`?"_s
                                   << false;
        QTest::newRow("top level") << QByteArray("curent: p\nprofiles:\n  p: {}\n")
                                   << u"profiles.yaml:1: curent: unknown key; did you mean `current`?"_s << true;
        QTest::newRow("no near key") << QByteArray("profiles:\n  p:\n    colour: red\n")
                                     << u"profiles.yaml:3: profiles.p.colour: unknown key; known keys here: "
                                        u"contacts, dashboards, description, kafka, kubernetes, orchestrator, "
                                        u"playbooks, postgres, production, prometheus, read_only, site, slo"_s
                                     << false;
        QTest::newRow("section") << QByteArray("profiles:\n  p:\n    kafka:\n      bootstrap: k:1\n"
                                               "      refresh_msec: 5\n")
                                 << u"profiles.yaml:5: profiles.p.kafka.refresh_msec: unknown key; did you mean "
                                    u"`refresh_ms`?"_s
                                 << false;
        QTest::newRow("nested") << QByteArray("profiles:\n  p:\n    postgres:\n      service: s\n      tables:\n"
                                              "        step: old\n")
                                << u"profiles.yaml:6: profiles.p.postgres.tables.step: unknown key; did you mean "
                                   u"`steps`?"_s
                                << false;
    }
    void unknownKeysRefuse()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, error);
        QFETCH(bool, wholeFile);
        const ProfileLoadResult r = parse(yaml);
        QCOMPARE(r.errors, QStringList{error});
        QCOMPARE(r.fileErrors, wholeFile ? QStringList{error} : QStringList{});
        QVERIFY(r.profiles.isEmpty() || wholeFile);
        if (!wholeFile)
            QCOMPARE(r.rejected.value(u"p"_s), error);
        // Whoever asks for it, by name or as the only profile, is told why and gets nothing.
        for (const QString &name : {QString(), u"p"_s}) {
            QString why;
            QVERIFY(!ProfileStore::select(r, name, &why));
            QVERIFY2(why.contains(error), qPrintable(why));
        }
    }

    void contactsAndDashboards()
    {
        const ProfileLoadResult r = parse("profiles:\n"
                                          "  p:\n"
                                          "    contacts:\n"
                                          "      - {role: Vendor, reach: support@vendor.example}\n"
                                          "      - {role: Team lead, reach: lead@example.com, level: 2}\n"
                                          "      - {role: On-call, reach: \"+1-555-0123\", level: 1}\n"
                                          "    dashboards:\n"
                                          "      - {title: Sagas, url: \"https://grafana.example/d/sagas\"}\n");
        QVERIFY2(r.ok(), qPrintable(r.errors.join(u'\n')));
        const Profile &p = r.profiles.front();
        QCOMPARE(p.contacts.size(), 3);
        QCOMPARE(p.contacts.at(0).role, u"On-call"_s); // escalation order, off-path contacts last
        QCOMPARE(p.contacts.at(1).level, 2);
        QCOMPARE(p.contacts.at(2).reach, u"support@vendor.example"_s);
        QCOMPARE(p.dashboards.size(), 1);
        QCOMPARE(p.dashboards.front().url, u"https://grafana.example/d/sagas"_s);
    }

    void badContactsRejectTheProfile_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("error");
        QTest::newRow("not a list") << QByteArray("profiles:\n  p:\n    contacts: on-call\n")
                                    << u"profiles.yaml:3: profiles.p.contacts: expected a list of maps like {role: "
                                       u"On-call engineer, reach: \"+1-555-0123\", level: 1}"_s;
        QTest::newRow("no reach") << QByteArray("profiles:\n  p:\n    contacts:\n      - {role: On-call}\n")
                                  << u"profiles.yaml:4: profiles.p.contacts[0].reach: missing"_s;
        QTest::newRow("typo") << QByteArray("profiles:\n  p:\n    contacts:\n      - role: x\n        reach: y\n"
                                            "        levle: 1\n")
                              << u"profiles.yaml:6: profiles.p.contacts[0].levle: unknown key; did you mean `level`?"_s;
        QTest::newRow("bad url") << QByteArray("profiles:\n  p:\n    dashboards:\n      - {title: t, url: grafana}\n")
                                 << u"profiles.yaml:4: profiles.p.dashboards[0].url: expected an http:// or https:// "
                                    u"URL with a host"_s;
    }
    void badContactsRejectTheProfile()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, error);
        const ProfileLoadResult r = parse(yaml);
        QCOMPARE(r.errors, QStringList{error});
        QVERIFY(r.profiles.isEmpty());
        QCOMPARE(r.rejected.value(u"p"_s), error);
    }

    // The README's profile reference lists every key the parser reads, and no key it does not.
    void readmeListsEveryKey()
    {
        QFile readme(QStringLiteral(SAGADECK_SOURCE_DIR "/README.md"));
        QVERIFY(readme.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(readme.readAll());
        const qsizetype start = text.indexOf(u"### Profile reference"_s);
        QVERIFY2(start >= 0, "README.md has a '### Profile reference' section");
        const qsizetype end = text.indexOf(u"\n#"_s, start + 4);
        QStringList listed;
        static const QRegularExpression row(u"^\\| `([a-z_.\\[\\]]+)` \\|"_s, QRegularExpression::MultilineOption);
        for (const QRegularExpressionMatch &m : row.globalMatch(text.mid(start, end < 0 ? -1 : end - start)))
            listed << m.captured(1);
        listed.sort();
        const QStringList known = ProfileParser::knownKeys();
        QVERIFY2(known.contains(u"read_only"_s) && known.contains(u"contacts[].reach"_s), qPrintable(known.join(u' ')));
        QCOMPARE(listed, known);
    }

    void nearestKeyIsATypoOnly()
    {
        const QStringList known{u"read_only"_s, u"production"_s, u"refresh_ms"_s, u"url"_s};
        QCOMPARE(nearestKey(u"read_onyl"_s, known), u"read_only"_s);
        QCOMPARE(nearestKey(u"Read_Only"_s, known), u"read_only"_s); // case is a typo too
        QCOMPARE(nearestKey(u"prodution"_s, known), u"production"_s);
        QCOMPARE(nearestKey(u"uri"_s, known), u"url"_s);
        QCOMPARE(nearestKey(u"colour"_s, known), QString());
        QCOMPARE(nearestKey(u"readonly_mode_please"_s, known), QString());
    }

    void defaultPath_data()
    {
        QTest::addColumn<QString>("xdg");
        QTest::addColumn<QString>("expected");
        QTest::newRow("XDG_CONFIG_HOME") << u"/x/cfg"_s << u"/x/cfg/sagadeck/profiles.yaml"_s;
        QTest::newRow("unset") << QString() << u"/home/op/.config/sagadeck/profiles.yaml"_s;
        QTest::newRow("relative is ignored") << u"cfg"_s << u"/home/op/.config/sagadeck/profiles.yaml"_s;
    }
    void defaultPath()
    {
        QFETCH(QString, xdg);
        QFETCH(QString, expected);
        QProcessEnvironment env = testEnv();
        if (!xdg.isEmpty())
            env.insert(u"XDG_CONFIG_HOME"_s, xdg);
        QCOMPARE(ProfileStore::defaultPath(env), expected);
    }

    void loadFromFile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"profiles.yaml"_s);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(sample);
        f.close();
        const ProfileLoadResult r = ProfileStore::load(path, testEnv());
        QVERIFY2(r.ok(), qPrintable(r.errors.join(u'\n')));
        QCOMPARE(r.path, path);
        QString error;
        const std::optional<Profile> p = ProfileStore::select(r, QString(), &error);
        QVERIFY2(p, qPrintable(error));
        QCOMPARE(p->name, u"local"_s);
    }

    void missingOrUnreadableFile()
    {
        QTemporaryDir dir;
        const QString missing = dir.filePath(u"nope.yaml"_s);
        ProfileLoadResult r = ProfileStore::load(missing, testEnv());
        QVERIFY(!r.ok());
        QVERIFY(r.profiles.isEmpty());
        QCOMPARE(r.errors.size(), 1);
        QVERIFY2(r.errors.front().startsWith(missing + u": no such file"_s), qPrintable(r.errors.front()));
        QString error;
        QVERIFY(!ProfileStore::select(r, QString(), &error));
        QCOMPARE(error, r.errors.front());

        r = ProfileStore::load(dir.path(), testEnv());
        QCOMPARE(r.errors, QStringList{dir.path() + u": cannot read: is a directory"_s});
    }
};

QTEST_APPLESS_MAIN(TestProfileStore)
#include "tst_profilestore.moc"
