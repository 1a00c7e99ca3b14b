#pragma once

#include "Profile.h"

#include <QByteArray>
#include <QString>

#include <librdkafka/rdkafka.h>

namespace sagadeck {

// The librdkafka configuration every Kafka handle of the console starts from (the lag feed's
// two handles and the live tail): the brokers, and how to reach them safely — security.protocol,
// SASL mechanism and user, CA, client certificate, and host-name checks on unless the profile
// turns them off. The SASL password is read here, from the environment variable or the keychain
// the profile names, when a client is built; it goes to librdkafka and nowhere else.
//
// Call it on a feed's thread: a keychain lookup blocks. Returns nullptr and a plain reason (never
// the password) when something is missing: a variable not set, a CA file that cannot be read,
// a keychain without the entry.
rd_kafka_conf_t *newKafkaConf(const KafkaSettings &settings, const char *clientId, QString *error);

// One librdkafka setting; false and librdkafka's reason when it refuses the value.
bool setKafkaConf(rd_kafka_conf_t *conf, const char *name, const QByteArray &value, QString *error);

// `error` with what a person needs to act on it where librdkafka words it poorly: before 2.6.1
// (Debian 12 ships 2.0.2) librdkafka cannot complete SCRAM with Kafka 4 brokers
// (confluentinc/librdkafka#4895), which the broker reports as invalid credentials even for the
// right password.
QString explainKafkaError(const KafkaSettings &settings, const QString &error);

// The keychain entry (service "sagadeck") holding the SASL password when the profile says
// sasl_password_keychain: true: "kafka:<user>@<bootstrap>".
QString kafkaKeychainKey(const KafkaSettings &settings);

} // namespace sagadeck
