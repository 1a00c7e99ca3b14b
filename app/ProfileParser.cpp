#include "ProfileParser.h"

#include "ProfileText.h"
#include "YamlMapReader.h"

#include <QSet>
#include <QUrl>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

constexpr int minRefreshMs = 100;
constexpr int maxMs = 3'600'000;

const QRegularExpression &envName()
{
    static const QRegularExpression re(u"^[A-Za-z_][A-Za-z0-9_]*$"_s);
    return re;
}
const QRegularExpression &sqlName()
{
    static const QRegularExpression re(u"^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?$"_s);
    return re;
}
const QRegularExpression &nonEmpty()
{
    static const QRegularExpression re(u"\\S"_s);
    return re;
}
const QRegularExpression &kubeName() // DNS-1123 label (namespaces, deployments)
{
    static const QRegularExpression re(u"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"_s);
    return re;
}

// Keys that would put a secret in the file are refused wherever they sit in the section.
void refuseSecretKeys(YamlMapReader &r, const YAML::Node &node, const QString &path, const QStringList &names,
                      const QString &hint)
{
    if (node.IsSequence()) {
        for (std::size_t i = 0; i < node.size(); ++i)
            refuseSecretKeys(r, node[i], path + u'[' + QString::number(i) + u']', names, hint);
    }
    if (!node.IsMap())
        return;
    for (auto it = node.begin(); it != node.end(); ++it) {
        const QString key = it->first.IsScalar() ? fromYaml(it->first.Scalar()) : QString();
        if (names.contains(key, Qt::CaseInsensitive)) {
            r.fail(it->first, path + u'.' + key, hint);
            r.context().refusedKeys.insert(path + u'.' + key); // reported once, not again as unknown
        } else {
            refuseSecretKeys(r, it->second, path + u'.' + key, names, hint);
        }
    }
}

void refuseSecrets(YamlMapReader &r, const QStringList &names, const QString &hint)
{
    refuseSecretKeys(r, r.node(), r.path(), names, hint);
}

// A key the section cannot do without. Invalid values are reported by the reading itself.
void require(YamlMapReader &r, const QString &key)
{
    const YamlMapReader::Entry *e = r.take(key);
    if (!e)
        r.fail(r.anchor(), r.keyPath(key), u"missing"_s);
    else if (e->value.IsNull()) // a null's mark is on the next token: point at the key
        r.fail(e->keyNode, r.keyPath(key), u"must not be empty"_s);
}

void url(YamlMapReader &r, const QString &key, QString *out, const QString &secretHint)
{
    // The raw text as well: a password must not sit in the file even behind a $VAR.
    const YamlMapReader::Entry *e = r.take(key);
    if (e && e->value.IsScalar() && urlHasPassword(fromYaml(e->value.Scalar())))
        return r.fail(e->value, r.keyPath(key), secretHint);
    QString value;
    YAML::Node at;
    if (!r.scalar(key, &value, &at))
        return;
    if (urlHasPassword(value))
        return r.fail(at, r.keyPath(key), secretHint);
    const QUrl parsed(value.trimmed(), QUrl::StrictMode);
    if (!parsed.isValid() || parsed.host().isEmpty() || (parsed.scheme() != u"http"_s && parsed.scheme() != u"https"_s))
        return r.fail(at, r.keyPath(key), u"expected an http:// or https:// URL with a host"_s);
    *out = value.trimmed();
}

QString expandHome(const QString &path, const QProcessEnvironment &env)
{
    return path.startsWith(u"~/"_s) ? env.value(u"HOME"_s) + path.mid(1) : path;
}

QString inlinePasswordHint()
{
    return u"inline passwords are refused; use ~/.pgpass (passfile=), password_env: VAR, "
           u"or password_keychain: true"_s;
}

void readConninfoAt(YamlMapReader &r, const QString &key, QString *out)
{
    const YamlMapReader::Entry *e = r.take(key);
    // The raw text first: `password=$PGPASS` is an inline password before expansion too.
    if (e && e->value.IsScalar() && checkConninfo(fromYaml(e->value.Scalar())) == ConninfoCheck::InlinePassword)
        return r.fail(e->value, r.keyPath(key), inlinePasswordHint());
    QString conninfo;
    YAML::Node at;
    if (!r.scalar(key, &conninfo, &at))
        return;
    switch (checkConninfo(conninfo)) {
    case ConninfoCheck::InlinePassword: return r.fail(at, r.keyPath(key), inlinePasswordHint());
    case ConninfoCheck::Malformed:
        return r.fail(at, r.keyPath(key),
                      u"not a libpq connection string (a keyword without '=' or an unclosed "
                      u"quote)"_s);
    case ConninfoCheck::Clean: *out = conninfo.trimmed();
    }
}

void readConninfo(YamlMapReader &r, PostgresSettings &s)
{
    readConninfoAt(r, u"conninfo"_s, &s.conninfo);
}

// The operator connection (cancel query, terminate backend): a conninfo of its own and its
// password through the same mechanisms as the console's (passfile=, an environment variable or
// the keychain), and the long-query threshold of the Database page.
void readOperator(YamlMapReader &r, PostgresSettings &s)
{
    readConninfoAt(r, u"operator_conninfo"_s, &s.operatorConninfo);
    r.matching(u"operator_password_env"_s, &s.operatorPasswordEnv, envName(), u"an environment variable name"_s);
    r.flag(u"operator_password_keychain"_s, &s.operatorPasswordFromKeychain);
    r.whole(u"long_query_after_s"_s, &s.longQueryAfterS, 1, 7 * 24 * 3600);
    if (!s.operatorPasswordEnv.isEmpty() && s.operatorPasswordFromKeychain)
        r.fail(r.anchor(), r.path(),
               u"operator_password_env and operator_password_keychain: true exclude each other"_s);
    if (s.operatorConninfo.isEmpty() && (!s.operatorPasswordEnv.isEmpty() || s.operatorPasswordFromKeychain))
        r.fail(r.anchor(), r.path(),
               u"operator_password_env or operator_password_keychain without operator_conninfo"_s);
}

// A map nested under `key`, read by `read` with a reader of its own (so its unknown keys carry
// its path); absent or null: nothing, not a map: `shape` says what is expected.
template <typename Read>
void readNestedMap(YamlMapReader &r, const QString &key, const QString &shape, Read read)
{
    const YamlMapReader::Entry *e = r.take(key);
    if (!e || e->value.IsNull())
        return;
    if (!e->value.IsMap())
        return r.fail(e->value, r.keyPath(key), u"expected a map "_s + shape);
    YamlMapReader nested(r.context(), e->value, r.keyPath(key), e->keyNode);
    read(nested);
    r.absorb(nested);
}

// business_keys: a map of names to payload paths ({order_id: $.order_id}); the names are the
// operator's, so the map's keys are read here rather than asked for one by one.
void readBusinessKeys(YamlMapReader &r, PostgresSettings &s)
{
    const QString key = u"business_keys"_s;
    const YamlMapReader::Entry *e = r.take(key);
    if (!e || e->value.IsNull())
        return;
    if (!e->value.IsMap())
        return r.fail(e->value, r.keyPath(key),
                      u"expected a map of names to payload paths, like order_id: $.order_id"_s);
    QVector<BusinessKey> keys;
    for (auto it = e->value.begin(); it != e->value.end(); ++it) {
        const QString name = it->first.IsScalar() ? fromYaml(it->first.Scalar()) : QString();
        const QString at = r.keyPath(key) + u'.' + name;
        if (!isBusinessKeyName(name)) {
            r.fail(it->first, r.keyPath(key), u"a key's name is letters, digits and _ (like order_id)"_s);
            continue;
        }
        // A path is not expanded ($VAR): its leading $ is JSONPath's root.
        if (!it->second.IsScalar()) {
            r.fail(it->second, at, u"expected a payload path, not "_s + describeNode(it->second));
            continue;
        }
        const std::optional<QStringList> path = parseBusinessKeyPath(fromYaml(it->second.Scalar()));
        if (!path) {
            r.fail(it->second, at,
                   u"expected a payload path like $.order_id or $.customer.id (object keys of letters, "
                   u"digits, _ and -)"_s);
            continue;
        }
        for (const BusinessKey &k : std::as_const(keys)) {
            if (k.name.compare(name, Qt::CaseInsensitive) == 0)
                r.fail(it->first, at, u"declared twice"_s);
        }
        keys.append({name, *path});
    }
    s.businessKeys = keys;
}

void readPostgres(YamlMapReader &r, PostgresSettings &s)
{
    refuseSecrets(r, {u"password"_s, u"operator_password"_s}, inlinePasswordHint());
    readConninfo(r, s);
    r.text(u"service"_s, &s.service);
    r.matching(u"password_env"_s, &s.passwordEnv, envName(), u"an environment variable name"_s);
    r.flag(u"password_keychain"_s, &s.passwordFromKeychain);
    r.matching(u"notify_channel"_s, &s.notifyChannel, sqlName(), u"a channel name like saga_changed"_s);
    r.whole(u"refresh_ms"_s, &s.refreshMs, minRefreshMs, maxMs);
    r.whole(u"stuck_after_s"_s, &s.stuckAfterS, 1, 30 * 24 * 3600);
    r.whole(u"statement_timeout_ms"_s, &s.statementTimeoutMs, 100, maxMs);
    readBusinessKeys(r, s);
    readNestedMap(r, u"tables"_s, u"with instances: and steps:"_s, [&s](YamlMapReader &t) {
        const QString what = u"a table name like saga_instances or ops.saga_instances"_s;
        t.matching(u"instances"_s, &s.instancesTable, sqlName(), what);
        t.matching(u"steps"_s, &s.stepsTable, sqlName(), what);
    });
    if (s.conninfo.isEmpty() && s.service.isEmpty() && r.errors().isEmpty())
        r.fail(r.anchor(), r.path(), u"set conninfo or service"_s);
    if (!s.passwordEnv.isEmpty() && s.passwordFromKeychain)
        r.fail(r.anchor(), r.path(), u"password_env and password_keychain: true exclude each other"_s);
    readOperator(r, s);
}

// A list of maps under `key`, each read by `item` with a reader of its own (so its unknown keys
// are reported with the entry's index).
template <typename Item>
void readMapList(YamlMapReader &r, const QString &key, QVector<Item> *out, const QString &shape,
                 void (*item)(YamlMapReader &, Item &))
{
    const YamlMapReader::Entry *e = r.take(key);
    if (!e || e->value.IsNull())
        return;
    if (!e->value.IsSequence())
        return r.fail(e->value, r.keyPath(key), u"expected a list of maps like "_s + shape);
    QVector<Item> items;
    for (std::size_t i = 0; i < e->value.size(); ++i) {
        const YAML::Node node = e->value[i];
        const QString path = r.keyPath(key) + u'[' + QString::number(i) + u']';
        if (!node.IsMap()) {
            r.fail(node, path, u"expected a map like "_s + shape);
            continue;
        }
        YamlMapReader entry(r.context(), node, path, node);
        Item value;
        item(entry, value);
        r.absorb(entry);
        items << value;
    }
    *out = items;
}

void readContact(YamlMapReader &r, EscalationContact &c)
{
    require(r, u"role"_s);
    require(r, u"reach"_s);
    r.text(u"role"_s, &c.role);
    r.text(u"reach"_s, &c.reach);
    r.whole(u"level"_s, &c.level, 0, 99);
}

void readContacts(YamlMapReader &r, QVector<EscalationContact> &out)
{
    readMapList(r, u"contacts"_s, &out, u"{role: On-call engineer, reach: \"+1-555-0123\", level: 1}"_s, readContact);
    // Escalation order: level 1 first, then 2...; contacts off the path (level 0) last.
    std::stable_sort(out.begin(), out.end(), [](const EscalationContact &a, const EscalationContact &b) {
        const int la = a.level > 0 ? a.level : 100, lb = b.level > 0 ? b.level : 100;
        return la < lb;
    });
}

void readDashboard(YamlMapReader &r, DashboardLink &d)
{
    require(r, u"title"_s);
    require(r, u"url"_s);
    r.text(u"title"_s, &d.title);
    url(r, u"url"_s, &d.url, u"a dashboard link must not carry a password"_s);
}

void readDashboards(YamlMapReader &r, QVector<DashboardLink> &out)
{
    readMapList(r, u"dashboards"_s, &out, u"{title: Saga metrics, url: \"https://grafana.example/d/sagas\"}"_s,
                readDashboard);
}

// The site's names for one kind (metrics: or labels:), each key a SiteNames key.
void readSiteNames(YamlMapReader &names, SiteNames::Kind kind, SiteNames &site)
{
    static const QRegularExpression metric(u"^[A-Za-z_:][A-Za-z0-9_:]*$"_s);
    static const QRegularExpression label(u"^[A-Za-z_][A-Za-z0-9_]*$"_s);
    for (const SiteNames::Key &k : SiteNames::keys()) {
        if (k.kind != kind)
            continue;
        QString name;
        if (kind == SiteNames::Kind::Metric)
            names.matching(k.key, &name, metric, u"a Prometheus metric name"_s);
        else
            names.matching(k.key, &name, label, u"a Prometheus label name"_s);
        if (!name.isEmpty())
            site.rename(k.key, name);
    }
}

void readSite(YamlMapReader &r, SiteNames &site)
{
    readNestedMap(r, u"site"_s, u"with metrics: and labels:"_s, [&site](YamlMapReader &m) {
        readNestedMap(m, u"metrics"_s, u"like kafka_lag: kafka_consumer_lag"_s,
                      [&site](YamlMapReader &n) { readSiteNames(n, SiteNames::Kind::Metric, site); });
        readNestedMap(m, u"labels"_s, u"like consumer_group: group"_s,
                      [&site](YamlMapReader &n) { readSiteNames(n, SiteNames::Kind::Label, site); });
    });
}

void readSlo(YamlMapReader &r, SloSettings &slo)
{
    readNestedMap(r, u"slo"_s, u"like {window_days: 30, saga_success: 0.995}"_s, [&slo](YamlMapReader &m) {
        m.whole(u"window_days"_s, &slo.windowDays, 1, 365);
        m.fraction(u"saga_success"_s, &slo.sagaSuccess);
        m.fraction(u"availability"_s, &slo.availability);
    });
}

// security_protocol, SASL and certificates, checked together so a half-set site fails at load.
void readKafkaSecurity(YamlMapReader &r, KafkaSettings &s)
{
    static const QRegularExpression protocol(u"^(?i:PLAINTEXT|SSL|SASL_PLAINTEXT|SASL_SSL)$"_s);
    static const QRegularExpression mechanism(u"^(?i:PLAIN|SCRAM-SHA-256|SCRAM-SHA-512)$"_s);
    r.matching(u"security_protocol"_s, &s.securityProtocol, protocol, u"PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL"_s);
    s.securityProtocol = s.securityProtocol.toUpper();
    r.matching(u"sasl_mechanism"_s, &s.saslMechanism, mechanism, u"PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512"_s);
    s.saslMechanism = s.saslMechanism.toUpper();
    r.text(u"sasl_username"_s, &s.saslUsername);
    r.matching(u"sasl_password_env"_s, &s.saslPasswordEnv, envName(), u"an environment variable name"_s);
    r.flag(u"sasl_password_keychain"_s, &s.saslPasswordFromKeychain);
    const QProcessEnvironment &env = r.context().env;
    for (const auto &[key, field] : {std::pair{u"ca_file"_s, &s.caFile}, std::pair{u"cert_file"_s, &s.certFile},
                                     std::pair{u"key_file"_s, &s.keyFile}}) {
        r.text(key, field);
        *field = expandHome(*field, env);
    }
    r.flag(u"insecure_skip_verify"_s, &s.insecureSkipVerify);
    if (!r.errors().isEmpty())
        return;
    const bool passwordSet = !s.saslPasswordEnv.isEmpty() || s.saslPasswordFromKeychain;
    QString problem;
    if (s.usesSasl() && (s.saslMechanism.isEmpty() || s.saslUsername.isEmpty() || !passwordSet))
        problem = u"security_protocol %1 needs sasl_mechanism, sasl_username and sasl_password_env "
                  u"(or sasl_password_keychain: true)"_s.arg(s.securityProtocol);
    else if (!s.usesSasl() && (!s.saslMechanism.isEmpty() || !s.saslUsername.isEmpty() || passwordSet))
        problem = u"SASL settings need security_protocol SASL_SSL or SASL_PLAINTEXT (it is %1)"_s.arg(
            s.securityProtocol);
    else if (!s.saslPasswordEnv.isEmpty() && s.saslPasswordFromKeychain)
        problem = u"sasl_password_env and sasl_password_keychain: true exclude each other"_s;
    else if (!s.usesTls() && (!s.caFile.isEmpty() || !s.certFile.isEmpty() || s.insecureSkipVerify))
        problem = u"ca_file, cert_file and insecure_skip_verify need security_protocol SSL or SASL_SSL (it is %1)"_s
                      .arg(s.securityProtocol);
    else if (s.certFile.isEmpty() != s.keyFile.isEmpty())
        problem = u"cert_file and key_file go together"_s;
    if (!problem.isEmpty())
        r.fail(r.anchor(), r.path(), problem);
}

// deployment_groups: a map of Deployment names to the consumer group their pods consume as.
void readDeploymentGroups(YamlMapReader &r, KafkaSettings &s)
{
    const QString key = u"deployment_groups"_s;
    const YamlMapReader::Entry *e = r.take(key);
    if (!e || e->value.IsNull())
        return;
    if (!e->value.IsMap())
        return r.fail(e->value, r.keyPath(key),
                      u"expected a map of Deployment names to consumer groups, like payment-service: payments"_s);
    for (auto it = e->value.begin(); it != e->value.end(); ++it) {
        const QString name = it->first.IsScalar() ? fromYaml(it->first.Scalar()) : QString();
        const QString at = r.keyPath(key) + u'.' + name;
        if (!kubeName().match(name).hasMatch()) {
            r.fail(it->first, r.keyPath(key), u"a Deployment name (DNS-1123 label)"_s);
            continue;
        }
        QString group;
        if (!r.expand(it->second, at, &group))
            continue;
        if (group.trimmed().isEmpty()) {
            r.fail(it->second, at, u"expected a consumer group name"_s);
            continue;
        }
        s.deploymentGroups.insert(name, group.trimmed());
    }
}

void readKafka(YamlMapReader &r, KafkaSettings &s)
{
    refuseSecrets(r, {u"password"_s, u"sasl_password"_s},
                  u"inline secrets are refused; keep credentials out of the profile"_s);
    static const QRegularExpression servers(u"^[^\\s,]+:\\d{1,5}(,[^\\s,]+:\\d{1,5})*$"_s);
    static const QRegularExpression topic(u"^[A-Za-z0-9._-]{1,249}$"_s);
    require(r, u"bootstrap"_s);
    r.matching(u"bootstrap"_s, &s.bootstrap, servers, u"host:port[,host:port...]"_s);
    r.matching(u"saga_topic"_s, &s.sagaTopic, topic, u"a Kafka topic name"_s);
    r.matching(u"audit_topic"_s, &s.auditTopic, topic, u"a Kafka topic name"_s);
    r.list(u"consumer_groups"_s, &s.consumerGroups, nonEmpty(), u"a group name"_s);
    r.whole(u"refresh_ms"_s, &s.refreshMs, minRefreshMs, maxMs);
    readKafkaSecurity(r, s);
    readDeploymentGroups(r, s);
}

void readPrometheus(YamlMapReader &r, PrometheusSettings &s)
{
    const QString hint = u"inline secrets are refused; use bearer_token_env: VAR or "
                         u"basic_auth_password_env: VAR"_s;
    refuseSecrets(r, {u"password"_s, u"bearer_token"_s, u"token"_s, u"basic_auth_password"_s}, hint);
    require(r, u"url"_s);
    url(r, u"url"_s, &s.url, hint);
    r.whole(u"scrape_interval_s"_s, &s.scrapeIntervalS, 1, 3600);
    r.whole(u"refresh_ms"_s, &s.refreshMs, minRefreshMs, maxMs);
    r.matching(u"bearer_token_env"_s, &s.bearerTokenEnv, envName(), u"an environment variable name"_s);
    r.text(u"basic_auth_user"_s, &s.basicAuthUser);
    r.matching(u"basic_auth_password_env"_s, &s.basicAuthPasswordEnv, envName(), u"an environment variable name"_s);
    r.text(u"ca_file"_s, &s.caFile);
    s.caFile = expandHome(s.caFile, r.context().env);
    r.flag(u"insecure_skip_verify"_s, &s.insecureSkipVerify);
    r.text(u"alert_rules"_s, &s.alertRulesFile);
    s.alertRulesFile = expandHome(s.alertRulesFile, r.context().env);
    if (s.basicAuthUser.isEmpty() != s.basicAuthPasswordEnv.isEmpty())
        r.fail(r.anchor(), r.path(), u"basic_auth_user and basic_auth_password_env go together"_s);
    else if (!s.basicAuthUser.isEmpty() && !s.bearerTokenEnv.isEmpty())
        r.fail(r.anchor(), r.path(), u"bearer_token_env and basic_auth_user exclude each other"_s);
}

void readOrchestrator(YamlMapReader &r, OrchestratorSettings &s)
{
    const QString hint = u"inline secrets are refused; keep credentials out of the profile"_s;
    refuseSecrets(r, {u"password"_s, u"bearer_token"_s, u"token"_s}, hint);
    require(r, u"url"_s);
    url(r, u"url"_s, &s.url, hint);
}

void readKubernetes(YamlMapReader &r, KubernetesSettings &s)
{
    refuseSecrets(r, {u"password"_s, u"token"_s},
                  u"inline secrets are refused; credentials come from the kubeconfig"_s);
    const QProcessEnvironment &env = r.context().env;
    r.text(u"kubeconfig"_s, &s.kubeconfig);
    if (s.kubeconfig.isEmpty()) { // what kubectl does: $KUBECONFIG, else ~/.kube/config
        s.kubeconfig = env.value(u"KUBECONFIG"_s);
        if (s.kubeconfig.isEmpty() && !env.value(u"HOME"_s).isEmpty())
            s.kubeconfig = env.value(u"HOME"_s) + u"/.kube/config"_s;
    }
    if (s.kubeconfig.isEmpty())
        r.fail(r.anchor(), r.keyPath(u"kubeconfig"_s), u"missing, and neither $KUBECONFIG nor $HOME is set"_s);
    QStringList files = s.kubeconfig.split(u':', Qt::SkipEmptyParts);
    for (QString &file : files)
        file = expandHome(file, env);
    s.kubeconfig = files.join(u':');
    r.text(u"context"_s, &s.context);
    r.matching(u"namespace"_s, &s.ns, kubeName(), u"a Kubernetes namespace name"_s);
    r.list(u"deployments"_s, &s.deployments, kubeName(), u"a Deployment name"_s);
}

class Parser
{
public:
    Parser(const QString &file, const QProcessEnvironment &env)
        : m_ctx{file, env, {}, {}}
    {}

    const YamlContext &context() const { return m_ctx; }

    ProfileLoadResult run(const QByteArray &yaml)
    {
        m_result.path = m_ctx.file;
        YAML::Node root;
        try {
            root = YAML::Load(yaml.toStdString());
            if (!root.IsMap()) {
                fileError(root,
                          root.IsNull() ? u"empty file; expected current: and profiles:"_s
                                        : u"expected a map with current: and profiles:"_s);
                return m_result;
            }
            readTop(root);
        } catch (const YAML::Exception &e) { // ParserException: malformed YAML
            QString where = m_ctx.file;
            if (e.mark.line >= 0)
                where += u':' + QString::number(e.mark.line + 1) + u':' + QString::number(e.mark.column + 1);
            m_result = {};
            m_result.path = m_ctx.file;
            m_result.errors << where + u": malformed YAML: "_s + fromYaml(e.msg);
        }
        return m_result;
    }

private:
    void fileError(const YAML::Node &at, const QString &text) { m_result.errors << m_ctx.message(at, QString(), text); }

    void readTop(const YAML::Node &root)
    {
        YamlMapReader top(m_ctx, root, QString());
        YAML::Node currentAt;
        top.scalar(u"current"_s, &m_result.current, &currentAt);
        const YamlMapReader::Entry *profiles = top.take(u"profiles"_s);
        if (!profiles)
            top.fail(root, u"profiles"_s, u"missing; expected a map of profile names to settings"_s);
        else if (profiles->value.IsNull() || (profiles->value.IsMap() && profiles->value.size() == 0))
            top.fail(profiles->keyNode, u"profiles"_s, u"no profiles defined"_s);
        else if (!profiles->value.IsMap())
            top.fail(profiles->value, u"profiles"_s,
                     u"expected a map of profile names to settings, not "_s + describeNode(profiles->value));
        m_result.errors << top.errors();
        m_result.fileErrors = top.unknownKeys();
        m_result.errors << m_result.fileErrors;
        if (profiles && profiles->value.IsMap())
            readProfiles(profiles->value);
        if (!m_result.current.isEmpty() && !m_result.profileNames().contains(m_result.current))
            m_result.errors << m_ctx.message(
                currentAt, u"current"_s,
                u"no profile named '%1' (known: %2)"_s.arg(m_result.current, m_result.profileNames().join(u", "_s)));
    }

    void readProfiles(const YAML::Node &map)
    {
        QSet<QString> seen;
        for (auto it = map.begin(); it != map.end(); ++it) {
            const QString name = it->first.IsScalar() ? fromYaml(it->first.Scalar()).trimmed() : QString();
            if (name.isEmpty()) {
                m_result.errors << m_ctx.message(it->first, u"profiles"_s,
                                                 u"a profile name must be a non-empty text"_s);
            } else if (seen.contains(name)) { // ambiguous: use neither
                const QString why = m_ctx.message(it->first, u"profiles."_s + name, u"profile defined twice"_s);
                m_result.errors << why;
                m_result.rejected.insert(name, why);
                m_result.profiles.removeIf([&name](const Profile &p) { return p.name == name; });
            } else {
                seen.insert(name);
                readProfile(name, it->first, it->second);
            }
        }
    }

    void readProfile(const QString &name, const YAML::Node &keyNode, const YAML::Node &node)
    {
        const QString path = u"profiles."_s + name;
        if (!node.IsMap()) {
            const QString why = m_ctx.message(node.IsNull() ? keyNode : node, path, u"expected a map of settings"_s);
            m_result.errors << why;
            m_result.rejected.insert(name, why);
            return;
        }
        YamlMapReader r(m_ctx, node, path, keyNode);
        Profile p;
        p.name = name;
        r.text(u"description"_s, &p.description);
        r.flag(u"production"_s, &p.production);
        r.flag(u"read_only"_s, &p.readOnly);
        readContacts(r, p.contacts);
        readDashboards(r, p.dashboards);
        readSite(r, p.site);
        readSlo(r, p.slo);
        r.text(u"playbooks"_s, &p.playbooksFile);
        p.playbooksFile = expandHome(p.playbooksFile, m_ctx.env);
        // Safety flags, contacts and the profile's shape are not guessed: errors so far reject it.
        QStringList profileErrors = r.errors();
        QStringList unknown;
        section(r, name, u"postgres"_s, &p.postgres, readPostgres, &unknown);
        section(r, name, u"kafka"_s, &p.kafka, readKafka, &unknown);
        section(r, name, u"prometheus"_s, &p.prometheus, readPrometheus, &unknown);
        section(r, name, u"orchestrator"_s, &p.orchestrator, readOrchestrator, &unknown);
        section(r, name, u"kubernetes"_s, &p.kubernetes, readKubernetes, &unknown);
        // Neither are typos: an unknown key anywhere in the profile rejects it.
        profileErrors << r.unknownKeys() << unknown;
        m_result.errors << profileErrors;
        if (profileErrors.isEmpty())
            m_result.profiles << p;
        else
            m_result.rejected.insert(name, profileErrors.join(u"; "_s));
    }

    // A bad value in a section disables only its own feed: it keeps its defaults, plus the
    // reason. Its unknown keys go to `unknown`, and reject the whole profile.
    template <typename Settings>
    void section(YamlMapReader &profile, const QString &profileName, const QString &name, Settings *out,
                 void (*read)(YamlMapReader &, Settings &), QStringList *unknown)
    {
        const YamlMapReader::Entry *e = profile.take(name);
        const QString path = profile.keyPath(name);
        if (!e) {
            out->disabledReason = u"no %1 section in profile '%2'"_s.arg(name, profileName);
            return;
        }
        if (e->value.IsNull()) { // `kafka:` with nothing under it: switched off on purpose
            out->disabledReason = m_ctx.message(e->keyNode, path, u"empty section"_s);
            return;
        }
        if (!e->value.IsMap()) {
            out->disabledReason = m_ctx.message(e->value, path,
                                                u"expected a map of settings, not "_s + describeNode(e->value));
            m_result.errors << out->disabledReason;
            return;
        }
        YamlMapReader r(m_ctx, e->value, path, e->keyNode);
        Settings settings;
        read(r, settings);
        *unknown << r.unknownKeys();
        if (!r.errors().isEmpty()) {
            *out = Settings{};
            out->disabledReason = r.errors().join(u"; "_s);
            m_result.errors << r.errors();
            return;
        }
        *out = settings;
    }

    YamlContext m_ctx;
    ProfileLoadResult m_result;
};

} // namespace

ProfileLoadResult ProfileParser::parse(const QByteArray &yaml, const QString &pathForMessages,
                                       const QProcessEnvironment &env)
{
    return Parser(pathForMessages, env).run(yaml);
}

QStringList ProfileParser::knownKeys()
{
    // Every reader asks for all of its keys, present or not: one profile that opens every
    // map and list is enough to meet them all.
    Parser parser(u"reference"_s, QProcessEnvironment());
    parser.run("profiles:\n  p:\n    contacts: [{}]\n    dashboards: [{}]\n    site: {metrics: {}, labels: {}}\n"
               "    slo: {}\n    postgres: {tables: {}}\n"
               "    kafka: {}\n    prometheus: {}\n    orchestrator: {}\n    kubernetes: {}\n");
    QStringList keys = parser.context().askedKeys.values();
    keys.sort();
    return keys;
}

} // namespace sagadeck
