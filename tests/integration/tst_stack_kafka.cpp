#include "StackInfo.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>
#include <QUuid>

#include <librdkafka/rdkafka.h>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

struct KafkaDeleter
{
    void operator()(rd_kafka_t *rk) const { rd_kafka_destroy(rk); }
};
using KafkaHandle = std::unique_ptr<rd_kafka_t, KafkaDeleter>;

struct Delivery
{
    rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
    int32_t partition = -1;
    int64_t offset = -1;
    bool done = false;
};

void onDelivery(rd_kafka_t *, const rd_kafka_message_t *msg, void *)
{
    auto *d = static_cast<Delivery *>(msg->_private);
    d->err = msg->err;
    d->partition = msg->partition;
    d->offset = msg->offset;
    d->done = true;
}

} // namespace

// The stack's Kafka broker, reached with librdkafka as the console's feed will reach it.
class TestStackKafka : public QObject
{
    Q_OBJECT
private:
    StackInfo m_stack;
    QByteArray m_bootstrap;
    QByteArray m_topic;

    KafkaHandle make(rd_kafka_type_t type, bool withDeliveryReports = false)
    {
        char err[512];
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        rd_kafka_conf_set(conf, "bootstrap.servers", m_bootstrap.constData(), err, sizeof err);
        rd_kafka_conf_set(conf, "socket.timeout.ms", "10000", err, sizeof err);
        if (type == RD_KAFKA_CONSUMER) {
            // A reader that joins no group and commits nothing, like the console's tail.
            rd_kafka_conf_set(conf, "enable.auto.commit", "false", err, sizeof err);
            rd_kafka_conf_set(conf, "enable.auto.offset.store", "false", err, sizeof err);
        }
        if (withDeliveryReports)
            rd_kafka_conf_set_dr_msg_cb(conf, onDelivery);
        rd_kafka_t *rk = rd_kafka_new(type, conf, err, sizeof err);
        if (!rk)
            qWarning("rd_kafka_new: %s", err);
        return KafkaHandle(rk);
    }

private slots:
    void initTestCase()
    {
        m_stack = StackInfo::load();
        QVERIFY2(m_stack.error.isEmpty(), qPrintable(m_stack.error));
        m_bootstrap = m_stack.string(u"kafka"_s, u"bootstrap"_s).toUtf8();
        m_topic = m_stack.string(u"kafka"_s, u"topic"_s).toUtf8();
        QVERIFY(!m_bootstrap.isEmpty());
        QCOMPARE(m_topic, QByteArray("saga-events"));
    }

    void metadataShowsTheSagaTopic()
    {
        KafkaHandle rk = make(RD_KAFKA_PRODUCER);
        QVERIFY(rk);
        rd_kafka_topic_t *topic = rd_kafka_topic_new(rk.get(), m_topic.constData(), nullptr);
        const rd_kafka_metadata_t *md = nullptr;
        const rd_kafka_resp_err_t err = rd_kafka_metadata(rk.get(), 0, topic, &md, 10000);
        rd_kafka_topic_destroy(topic);
        QVERIFY2(err == RD_KAFKA_RESP_ERR_NO_ERROR, rd_kafka_err2str(err));
        std::unique_ptr<const rd_kafka_metadata_t, void (*)(const rd_kafka_metadata_t *)> guard(
            md, rd_kafka_metadata_destroy);
        QCOMPARE(md->broker_cnt, 1);
        QCOMPARE(md->topic_cnt, 1);
        QCOMPARE(QByteArray(md->topics[0].topic), m_topic);
        QCOMPARE(md->topics[0].err, RD_KAFKA_RESP_ERR_NO_ERROR);
        QCOMPARE(md->topics[0].partition_cnt, m_stack.section(u"kafka"_s).value(u"partitions"_s).toInt());
        QCOMPARE(md->topics[0].partition_cnt, 6);
        for (int i = 0; i < md->topics[0].partition_cnt; ++i)
            QCOMPARE(md->topics[0].partitions[i].leader, md->brokers[0].id);
    }

    void producedMessageIsConsumedBack()
    {
        // Produce one uniquely keyed event...
        KafkaHandle producer = make(RD_KAFKA_PRODUCER, true);
        QVERIFY(producer);
        const QByteArray key = QUuid::createUuid().toString(QUuid::WithoutBraces).toUtf8();
        const QByteArray value = QJsonDocument(QJsonObject{
                                                   {u"saga_id"_s, QString::fromUtf8(key)},
                                                   {u"saga_type"_s, u"order-fulfillment"_s},
                                                   {u"type"_s, u"SAGA_STARTED"_s},
                                                   {u"step"_s, QJsonValue::Null},
                                                   {u"status"_s, u"STARTED"_s},
                                                   {u"at"_s, u"2026-11-28T00:00:00Z"_s},
                                               })
                                     .toJson(QJsonDocument::Compact);
        Delivery delivery;
        const rd_kafka_resp_err_t err = rd_kafka_producev(
            producer.get(), RD_KAFKA_V_TOPIC(m_topic.constData()), RD_KAFKA_V_KEY(key.constData(), size_t(key.size())),
            RD_KAFKA_V_VALUE(const_cast<char *>(value.constData()), size_t(value.size())),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_OPAQUE(&delivery), RD_KAFKA_V_END);
        QVERIFY2(err == RD_KAFKA_RESP_ERR_NO_ERROR, rd_kafka_err2str(err));
        rd_kafka_flush(producer.get(), 15000);
        QVERIFY(delivery.done);
        QVERIFY2(delivery.err == RD_KAFKA_RESP_ERR_NO_ERROR, rd_kafka_err2str(delivery.err));
        QVERIFY(delivery.partition >= 0 && delivery.partition < 6);
        QVERIFY(delivery.offset >= 0);

        // ...read it back at exactly that partition and offset with the simple (legacy)
        // consumer: no group, nothing committed.
        KafkaHandle consumer = make(RD_KAFKA_CONSUMER);
        QVERIFY(consumer);
        rd_kafka_topic_t *topic = rd_kafka_topic_new(consumer.get(), m_topic.constData(), nullptr);
        QVERIFY(topic);
        QCOMPARE(rd_kafka_consume_start(topic, delivery.partition, delivery.offset), 0);
        QByteArray gotKey, gotValue;
        QDeadlineTimer deadline(20000);
        while (gotKey.isEmpty() && !deadline.hasExpired()) {
            rd_kafka_message_t *m = rd_kafka_consume(topic, delivery.partition, 500);
            if (!m)
                continue;
            if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR && m->offset == delivery.offset) {
                gotKey = QByteArray(static_cast<const char *>(m->key), int(m->key_len));
                gotValue = QByteArray(static_cast<const char *>(m->payload), int(m->len));
            }
            rd_kafka_message_destroy(m);
        }
        rd_kafka_consume_stop(topic, delivery.partition);
        rd_kafka_topic_destroy(topic);
        QCOMPARE(gotKey, key);
        QCOMPARE(gotValue, value);

        // Independent check: kcat reads the same record at that partition and offset.
        QProcess kcat;
        kcat.start(u"kcat"_s,
                   {u"-C"_s, u"-b"_s, QString::fromUtf8(m_bootstrap), u"-t"_s, QString::fromUtf8(m_topic), u"-p"_s,
                    QString::number(delivery.partition), u"-o"_s, QString::number(delivery.offset), u"-c"_s, u"1"_s,
                    u"-e"_s, u"-q"_s, u"-f"_s, u"%k\t%s\n"_s});
        QVERIFY(kcat.waitForFinished(30000));
        QCOMPARE(kcat.exitCode(), 0);
        QCOMPARE(kcat.readAllStandardOutput().trimmed(), key + '\t' + value);
    }

    void unreachableBrokerReportsAnError()
    {
        m_bootstrap = "127.0.0.1:1";
        KafkaHandle rk = make(RD_KAFKA_PRODUCER);
        QVERIFY(rk);
        const rd_kafka_metadata_t *md = nullptr;
        const rd_kafka_resp_err_t err = rd_kafka_metadata(rk.get(), 1, nullptr, &md, 2000);
        QVERIFY(err != RD_KAFKA_RESP_ERR_NO_ERROR);
        QVERIFY(md == nullptr);
        m_bootstrap = m_stack.string(u"kafka"_s, u"bootstrap"_s).toUtf8();
    }
};

QTEST_GUILESS_MAIN(TestStackKafka)
#include "tst_stack_kafka.moc"
