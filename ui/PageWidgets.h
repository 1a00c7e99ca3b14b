#pragma once

class QAbstractItemModel;
class QLabel;
class QString;
class QTableView;
class QWidget;

namespace sagadeck {

// Pieces every data page builds the same way.

// A read-only, row-selecting table: no editing, alternating rows, no row numbers.
QTableView *makeReadOnlyTable(QAbstractItemModel *model, const QString &objectName, QWidget *parent);

// The red banner a page shows when its feed is not Live (plain text: reasons come from outside).
QLabel *makeProblemBanner(const QString &objectName, QWidget *parent);

} // namespace sagadeck
