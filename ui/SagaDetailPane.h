#pragma once

#include "Saga.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace sagadeck {

// The selected saga: its fields, its step timeline (executions and compensations with
// durations and errors) and its payload as formatted JSON. Everything is plain text.
class SagaDetailPane : public QWidget
{
    Q_OBJECT
public:
    explicit SagaDetailPane(QWidget *parent = nullptr);

    void showDetail(const SagaDetail &detail);
    // "Loading…", "failed: …", "Select a saga": shown instead of the fields.
    void showMessage(const QString &message);

    QTableWidget *stepTable() const { return m_steps; }
    QString fieldsText() const;
    // "showing 256 KiB of 10.0 MiB" while the payload or an error is cut; empty otherwise.
    QString cutText() const;
    QPushButton *loadAllButton() const { return m_loadAll; }

signals:
    // The operator wants the uncut payload and errors of this saga.
    void loadAllRequested(const QUuid &id);

private:
    QLabel *m_message;
    QLabel *m_fields;
    QTableWidget *m_steps;
    QPlainTextEdit *m_payload;
    QLabel *m_cut;
    QPushButton *m_loadAll;
    QUuid m_shown;
    QWidget *m_body;
};

// The payload as indented JSON; text that is not JSON is returned as it is.
QString formatPayload(const QByteArray &payload);

} // namespace sagadeck
