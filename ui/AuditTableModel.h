#pragma once

#include "AuditRecord.h"

#include <QAbstractTableModel>
#include <QVector>

namespace sagadeck {

// One row per operator action (its intent joined with its outcome by ActionId), newest first.
// An intent without an outcome is shown as such: the console stopped, or lost the answer,
// between sending and verifying; someone must check before retrying.
class AuditTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Started,
        Who, // beside the time: with the team trail, the page holds every operator's actions
        Verb,
        Target,
        Result,
        Message,
        Reason,
        Profile,
        Duration,
        Action,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole,
        ResultRole /* AuditResult as int; -1: no outcome */
    };

    struct Row
    {
        AuditRecord intent;
        std::optional<AuditRecord> outcome;
    };

    explicit AuditTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

    const QVector<Row> &rows() const { return m_rows; }
    // Joins intents and outcomes; an outcome whose intent is missing gets a row of its own.
    static QVector<Row> join(const QVector<AuditRecord> &records);

public slots:
    void setRecords(const QVector<sagadeck::AuditRecord> &records);

private:
    QVector<Row> m_rows;
};

} // namespace sagadeck
