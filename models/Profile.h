#pragma once

#include <QMap>
#include <QString>
#include <QStringList>
#include <QVector>

#include "BusinessKey.h"
#include "ErrorBudget.h"
#include "SiteNames.h"

// Connection profile value types (docs/architecture.md §1: every name is overridable per installation).
// Pure values, no I/O: app/ProfileStore fills them from profiles.yaml. Secrets are never held
// here, only where to find them (passfile, environment variable name, keychain).

namespace sagadeck {

// docs/architecture.md §1 defaults.
QStringList defaultConsumerGroups();
QStringList defaultDeployments();

// Every section carries `disabledReason`: empty when the section loaded; otherwise why its feed
// is Disabled ("no kafka section in profile 'x'", or the load error with file:line:key). A
// section with a reason is always left at its defaults, so nothing half-parsed is ever used.

struct PostgresSettings
{
    QString conninfo;                  // libpq keyword/value or URI; never with a password
    QString service;                   // pg_service.conf entry (libpq `service=`)
    QString passwordEnv;               // read this environment variable at connect time
    bool passwordFromKeychain = false; // ask the desktop keychain at connect time
    QString notifyChannel;             // LISTEN channel; empty: poll updated_at
    int refreshMs = 2000;
    int stuckAfterS = 300; // an unfinished saga untouched this long is "stuck"
    int statementTimeoutMs = 5000;
    QString instancesTable = QStringLiteral("saga_instances");
    QString stepsTable = QStringLiteral("saga_steps");
    QString disabledReason;

    bool enabled() const { return disabledReason.isEmpty() && (!conninfo.isEmpty() || !service.isEmpty()); }
    // Searchable payload keys (order_id: $.order_id), in the profile's order.
    QVector<BusinessKey> businessKeys;
    // Cancel query / terminate backend go out on a connection of their own, as a role with
    // pg_signal_backend (the console's own role stays read-only). Empty: those actions are off.
    QString operatorConninfo;                  // libpq keyword/value or URI; never with a password
    QString operatorPasswordEnv;               // read this environment variable at connect time
    bool operatorPasswordFromKeychain = false; // ask the desktop keychain at connect time
    int longQueryAfterS = 300;                 // the Database page highlights queries running longer

    // The operator connection's settings: these with the operator conninfo and its password.
    PostgresSettings operatorSettings() const
    {
        PostgresSettings s = *this;
        s.conninfo = operatorConninfo;
        s.service.clear();
        s.passwordEnv = operatorPasswordEnv;
        s.passwordFromKeychain = operatorPasswordFromKeychain;
        s.notifyChannel.clear();
        return s;
    }
};

struct KafkaSettings
{
    QString bootstrap; // host:port[,host:port...]
    QString sagaTopic = QStringLiteral("saga-events");
    QStringList consumerGroups = defaultConsumerGroups();
    int refreshMs = 2000;
    // How to reach a secured cluster (librdkafka's security.protocol and sasl.mechanism
    // spellings). The SASL password only from the environment or the keychain, read when the
    // client is built; never in the profile.
    QString securityProtocol = QStringLiteral("PLAINTEXT"); // PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL
    QString saslMechanism;                                  // PLAIN, SCRAM-SHA-256, SCRAM-SHA-512
    QString saslUsername;
    QString saslPasswordEnv;
    bool saslPasswordFromKeychain = false;
    QString caFile;   // PEM; empty: the system's trust store
    QString certFile; // a client certificate (PEM), for clusters that ask for one
    QString keyFile;  //   and its unencrypted key
    bool insecureSkipVerify = false;
    QString disabledReason;

    bool usesSasl() const { return securityProtocol.startsWith(QStringLiteral("SASL_")); }
    bool usesTls() const { return securityProtocol.endsWith(QStringLiteral("SSL")); }

    bool enabled() const { return disabledReason.isEmpty() && !bootstrap.isEmpty(); }

    // Which consumer group a Deployment's pods consume as (deployment_groups:): the scale
    // preview warns when more replicas than partitions would sit idle. Unnamed: <deployment>-group.
    QMap<QString, QString> deploymentGroups = {};
    QString groupOfDeployment(const QString &deployment) const
    {
        return deploymentGroups.value(deployment, deployment + QStringLiteral("-group"));
    }
    // The team trail (audit_topic:): every console publishes its audit records here and reads
    // everyone's from it.
    QString auditTopic = QStringLiteral("sagadeck-audit");
};

struct PrometheusSettings
{
    QString url;              // http(s)://host:port[/prefix]
    int scrapeIntervalS = 15; // lower bound of a query step
    int refreshMs = 5000;
    QString bearerTokenEnv;       // environment variable holding the bearer token
    QString basicAuthUser;        // basic auth user; the password only from the environment:
    QString basicAuthPasswordEnv; //   the variable named here, read when a request is sent
    QString alertRulesFile;       // empty: the runbook rules built in (resources/alert-rules.json)
    QString caFile;
    bool insecureSkipVerify = false;
    QString disabledReason;

    bool enabled() const { return disabledReason.isEmpty() && !url.isEmpty(); }
};

struct OrchestratorSettings
{
    QString url; // base URL of the orchestrator REST API
    QString disabledReason;

    bool enabled() const { return disabledReason.isEmpty() && !url.isEmpty(); }
};

struct KubernetesSettings
{
    QString kubeconfig; // path, or a ':'-separated list like $KUBECONFIG
    QString context;    // empty: the kubeconfig's current-context
    QString ns = QStringLiteral("microservices");
    QStringList deployments = defaultDeployments();
    QString disabledReason;

    bool enabled() const { return disabledReason.isEmpty() && !kubeconfig.isEmpty(); }
};

// Who to call when a playbook is raised (the runbook's escalation path), in order of `level`:
// shown on the overview, the war-room wall and a raised playbook. `reach` is free text: a
// phone number, an address, a channel.
struct EscalationContact
{
    QString role;  // "On-call engineer"
    QString reach; // "+1-555-0123", "platform-team@company.com"
    int level = 0; // escalation level, 1 first; 0: not on the path (e.g. a vendor's support)
};

// A dashboard the site keeps elsewhere (Grafana...), linked from the overview.
struct DashboardLink
{
    QString title;
    QString url; // http(s)
};

struct Profile
{
    QString name;
    QString description;
    bool production = false; // shown prominently; actions ask for more care
    bool readOnly = false;   // no mutating request may leave the process
    QString readOnlyWhy;     // who made it read-only, when not the profile itself
    PostgresSettings postgres;
    KafkaSettings kafka;
    PrometheusSettings prometheus;
    OrchestratorSettings orchestrator;
    KubernetesSettings kubernetes;
    QVector<EscalationContact> contacts; // in escalation order (level, then file order)
    QVector<DashboardLink> dashboards;   // in file order
    SiteNames site;                      // the site's metric and label names (site:)
    QString playbooksFile;               // the site's playbooks (playbooks:); empty: the built-in five
    SloSettings slo;                     // the service-level objectives and their window (slo:)
};

} // namespace sagadeck
