#pragma once

#include "KafkaActionPlan.h"

#include <QDialog>

class QComboBox;
class QDateTimeEdit;
class QLabel;
class QSpinBox;

namespace sagadeck {

// "Reset offsets…": where to move a group's committed offsets on a topic (earliest, latest, a
// time, an offset) and for which partitions (all or one). Only the request is made here; the
// preview (per partition: committed, target, skipped or replayed) is the confirmation dialog's.
class OffsetResetDialog : public QDialog
{
    Q_OBJECT
public:
    // `partitions`: the topic's partition count as last seen (-1: unknown; the spin box is free).
    OffsetResetDialog(const QString &group, const QString &topic, int partitions, QWidget *parent = nullptr);

    KafkaActionRequest request() const;
    QComboBox *targetBox() const { return m_target; }
    QComboBox *partitionBox() const { return m_partition; }
    QDateTimeEdit *timeEdit() const { return m_time; }
    QSpinBox *offsetEdit() const { return m_offset; }

private:
    void updateFields();

    QString m_group;
    QString m_topic;
    QComboBox *m_target;
    QComboBox *m_partition;
    QDateTimeEdit *m_time;
    QSpinBox *m_offset;
};

// "Add partitions…": the topic's new partition count (more than it has; Kafka cannot remove any).
class AddPartitionsDialog : public QDialog
{
    Q_OBJECT
public:
    AddPartitionsDialog(const QString &topic, int current, QWidget *parent = nullptr);

    KafkaActionRequest request() const;
    QSpinBox *countEdit() const { return m_count; }

private:
    QString m_topic;
    QSpinBox *m_count;
};

} // namespace sagadeck
