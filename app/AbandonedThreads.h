#pragma once

class QThread;

namespace sagadeck {

// Feed threads let go while blocked in a call to a slow or hung server: a session that ends
// must not hang the GUI waiting for them. They must still end before the process runs its
// static destructors, or a call that returns afterwards uses library state already freed
// (ASan caught libpqxx's). adopt() keeps each one; when the application object is destroyed
// they get one bounded wait together, and those that ended are deleted. (Their worker deletes
// itself as its thread finishes: deleteLater on finished, which the ending thread runs.)
namespace AbandonedThreads {

void adopt(QThread *thread);
// Waits up to timeoutMs in all for the adopted threads; returns how many still run.
int waitForAll(int timeoutMs);

} // namespace AbandonedThreads
} // namespace sagadeck
