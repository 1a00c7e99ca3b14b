#pragma once

#include <QUuid>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace sagadeck {

class EventTailModel;

// The live tail of saga-events: newest first, filter by saga id or event type, pause/resume.
// Clicking a saga id asks for it to be shown on the Sagas page (sagaRequested).
class EventTailPanel : public QWidget
{
    Q_OBJECT
public:
    EventTailPanel(EventTailModel *model, const QString &topic, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    QLineEdit *sagaFilter() const { return m_sagaFilter; }
    QComboBox *typeFilter() const { return m_typeFilter; }
    QPushButton *pauseButton() const { return m_pause; }
    QString statusText() const;

signals:
    void sagaRequested(const QUuid &id);

private:
    void applyFilter();
    void refreshStatus();

    EventTailModel *m_model;
    QString m_topic;
    QLineEdit *m_sagaFilter;
    QComboBox *m_typeFilter;
    QPushButton *m_pause;
    QLabel *m_status;
    QLabel *m_problem;
    QTableView *m_view;
};

} // namespace sagadeck
