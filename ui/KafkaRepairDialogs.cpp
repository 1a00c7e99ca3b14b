#include "KafkaRepairDialogs.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
// The dialogs' common frame: what it does, the form, and Cancel / Preview… (named for tests).
void layOutRepairDialog(QDialog *dialog, QLabel *intro, QFormLayout *form, const QString &previewName)
{
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, dialog);
    QPushButton *next = buttons->addButton(u"Preview…"_s, QDialogButtonBox::AcceptRole);
    next->setObjectName(previewName);
    QObject::connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(buttons);
}
} // namespace

OffsetResetDialog::OffsetResetDialog(const QString &group, const QString &topic, int partitions, QWidget *parent)
    : QDialog(parent)
    , m_group(group)
    , m_topic(topic)
    , m_target(new QComboBox(this))
    , m_partition(new QComboBox(this))
    , m_time(new QDateTimeEdit(QDateTime::currentDateTimeUtc().addSecs(-3600), this))
    , m_offset(new QSpinBox(this))
{
    setObjectName(u"offsetResetDialog"_s);
    setWindowTitle(u"Reset offsets of "_s + group);
    auto *intro = new QLabel(u"Move the committed offsets of group %1 on topic %2. The next step shows, per "
                             u"partition, where the group is, where it goes and how many messages that skips or "
                             u"replays; nothing is sent before you confirm there. The group must have no active "
                             u"members."_s.arg(group, topic),
                             this);
    intro->setTextFormat(Qt::PlainText);
    intro->setWordWrap(true);
    m_target->setObjectName(u"resetTarget"_s);
    m_target->addItem(u"the latest offset (skip everything waiting)"_s, int(OffsetResetTo::Latest));
    m_target->addItem(u"the earliest offset (replay what the log keeps)"_s, int(OffsetResetTo::Earliest));
    m_target->addItem(u"a time (the first message at or after it)"_s, int(OffsetResetTo::Datetime));
    m_target->addItem(u"an offset (clamped to the log)"_s, int(OffsetResetTo::Offset));
    m_partition->setObjectName(u"resetPartition"_s);
    m_partition->addItem(u"every partition of "_s + topic, -1);
    for (int p = 0; p < partitions; ++p)
        m_partition->addItem(u"partition %1"_s.arg(p), p);
    m_time->setObjectName(u"resetTime"_s);
    m_time->setTimeSpec(Qt::UTC);
    m_time->setDisplayFormat(u"yyyy-MM-dd HH:mm:ss 'UTC'"_s);
    m_time->setCalendarPopup(true);
    m_offset->setObjectName(u"resetOffset"_s);
    m_offset->setRange(0, std::numeric_limits<int>::max());
    auto *form = new QFormLayout();
    form->addRow(u"Reset to"_s, m_target);
    form->addRow(u"Time"_s, m_time);
    form->addRow(u"Offset"_s, m_offset);
    form->addRow(u"Partitions"_s, m_partition);
    layOutRepairDialog(this, intro, form, u"resetPreview"_s);
    connect(m_target, &QComboBox::currentIndexChanged, this, &OffsetResetDialog::updateFields);
    updateFields();
}

void OffsetResetDialog::updateFields()
{
    const auto to = OffsetResetTo(m_target->currentData().toInt());
    m_time->setEnabled(to == OffsetResetTo::Datetime);
    m_offset->setEnabled(to == OffsetResetTo::Offset);
}

KafkaActionRequest OffsetResetDialog::request() const
{
    KafkaActionRequest r;
    r.verb = KafkaActionVerb::ResetOffsets;
    r.group = m_group;
    r.topic = m_topic;
    r.partition = m_partition->currentData().toInt();
    r.to = OffsetResetTo(m_target->currentData().toInt());
    if (r.to == OffsetResetTo::Datetime)
        r.at = m_time->dateTime().toUTC();
    if (r.to == OffsetResetTo::Offset)
        r.offset = m_offset->value();
    return r;
}

AddPartitionsDialog::AddPartitionsDialog(const QString &topic, int current, QWidget *parent)
    : QDialog(parent)
    , m_topic(topic)
    , m_count(new QSpinBox(this))
{
    setObjectName(u"addPartitionsDialog"_s);
    setWindowTitle(u"Add partitions to "_s + topic);
    auto *intro = new QLabel(
        (current > 0 ? u"Topic %1 has %2 partitions. "_s.arg(topic).arg(current) : u"Topic %1. "_s.arg(topic))
            + u"Kafka can add partitions but never remove them. The next step says what the change does to keyed "
              u"ordering; nothing is sent before you confirm there."_s,
        this);
    intro->setTextFormat(Qt::PlainText);
    intro->setWordWrap(true);
    m_count->setObjectName(u"partitionCount"_s);
    m_count->setRange(1, 10000);
    m_count->setValue(current > 0 ? current * 2 : 1);
    auto *form = new QFormLayout();
    form->addRow(u"New partition count"_s, m_count);
    layOutRepairDialog(this, intro, form, u"partitionsPreview"_s);
}

KafkaActionRequest AddPartitionsDialog::request() const
{
    KafkaActionRequest r;
    r.verb = KafkaActionVerb::AddPartitions;
    r.topic = m_topic;
    r.partitions = m_count->value();
    return r;
}

} // namespace sagadeck
