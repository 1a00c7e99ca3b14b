#include "KafkaClientConfig.h"

#include "KeychainSecret.h"

#include <QFileInfo>

#include <optional>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

std::optional<QString> saslPassword(const KafkaSettings &s, QString *error)
{
    if (s.saslPasswordFromKeychain)
        return readKeychainSecret(kafkaKeychainKey(s), error);
    const QByteArray name = s.saslPasswordEnv.toUtf8();
    if (!qEnvironmentVariableIsSet(name.constData())) {
        *error = u"the Kafka SASL password variable %1 is not set"_s.arg(s.saslPasswordEnv);
        return std::nullopt;
    }
    const QString password = qEnvironmentVariable(name.constData());
    if (password.isEmpty()) {
        *error = u"the Kafka SASL password variable %1 is empty"_s.arg(s.saslPasswordEnv);
        return std::nullopt;
    }
    return password;
}

// librdkafka's own message for a missing file is an OpenSSL error code; say which file.
bool readableFile(const QString &path, const QString &what, QString *error)
{
    const QFileInfo info(path);
    if (info.isFile() && info.isReadable())
        return true;
    *error = u"the Kafka %1 %2 %3"_s.arg(what, path, info.exists() ? u"cannot be read"_s : u"does not exist"_s);
    return false;
}

bool applySecurity(rd_kafka_conf_t *conf, const KafkaSettings &s, QString *error)
{
    if (!setKafkaConf(conf, "security.protocol", s.securityProtocol.toUtf8(), error))
        return false;
    if (s.usesSasl()) {
        const std::optional<QString> password = saslPassword(s, error);
        if (!password)
            return false;
        if (!setKafkaConf(conf, "sasl.mechanisms", s.saslMechanism.toUtf8(), error)
            || !setKafkaConf(conf, "sasl.username", s.saslUsername.toUtf8(), error)
            || !setKafkaConf(conf, "sasl.password", password->toUtf8(), error))
            return false;
    }
    if (!s.usesTls())
        return true;
    const struct
    {
        const QString &path;
        const char *key;
        const char *what;
    } files[] = {{s.caFile, "ssl.ca.location", "ca_file"},
                 {s.certFile, "ssl.certificate.location", "cert_file"},
                 {s.keyFile, "ssl.key.location", "key_file"}};
    for (const auto &f : files) {
        if (!f.path.isEmpty()
            && (!readableFile(f.path, QString::fromLatin1(f.what), error)
                || !setKafkaConf(conf, f.key, f.path.toUtf8(), error)))
            return false;
    }
    // Certificate and host-name checks are librdkafka 2's defaults; say so rather than rely on it.
    const bool verify = !s.insecureSkipVerify;
    return setKafkaConf(conf, "enable.ssl.certificate.verification", verify ? "true" : "false", error)
        && setKafkaConf(conf, "ssl.endpoint.identification.algorithm", verify ? "https" : "none", error);
}

} // namespace

bool setKafkaConf(rd_kafka_conf_t *conf, const char *name, const QByteArray &value, QString *error)
{
    char err[512];
    if (rd_kafka_conf_set(conf, name, value.constData(), err, sizeof err) == RD_KAFKA_CONF_OK)
        return true;
    *error = QString::fromUtf8(err);
    return false;
}

QString explainKafkaError(const KafkaSettings &settings, const QString &error)
{
    constexpr int kScramFixed = 0x020601ff; // librdkafka 2.6.1
    if (!settings.saslMechanism.startsWith(u"SCRAM"_s) || rd_kafka_version() >= kScramFixed
        || !error.contains(u"Authentication failed"_s))
        return error;
    return error
        + u" — note: this librdkafka (%1) cannot complete SCRAM with Kafka 4 brokers even with the right "
          u"password (fixed in librdkafka 2.6.1); against Kafka 4 use sasl_mechanism: PLAIN over SASL_SSL"_s.arg(
              QString::fromUtf8(rd_kafka_version_str()));
}

QString kafkaKeychainKey(const KafkaSettings &settings)
{
    return u"kafka:%1@%2"_s.arg(settings.saslUsername, settings.bootstrap);
}

rd_kafka_conf_t *newKafkaConf(const KafkaSettings &settings, const char *clientId, QString *error)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (setKafkaConf(conf, "bootstrap.servers", settings.bootstrap.toUtf8(), error)
        && setKafkaConf(conf, "client.id", clientId, error) && applySecurity(conf, settings, error))
        return conf;
    rd_kafka_conf_destroy(conf);
    return nullptr;
}

} // namespace sagadeck
