#include "ConsoleUnderTest.h"

#include "ConsoleApp.h"
#include "FaultHarness.h"
#include "FeedHealthModel.h"
#include "MainWindow.h"
#include "ProxiedStack.h"

#include <QStringList>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

CommandLineOptions optionsFor(const ProxiedStack &stack)
{
    CommandLineOptions options;
    options.configPath = stack.profilePath();
    return options;
}

bool allFeedsLive(const ConsoleApp &app)
{
    for (FeedKind kind : allFeedKinds)
        if (app.models().health->health(kind).state != FeedState::Live)
            return false;
    return true;
}

QString feedStates(const ConsoleApp &app)
{
    QStringList s;
    for (FeedKind kind : allFeedKinds) {
        const FeedHealth h = app.models().health->health(kind);
        s << feedName(kind) + u"="_s + stateName(h.state)
                + (h.reason.isEmpty() ? QString() : u" ("_s + h.reason + u")"_s);
    }
    return s.join(u"; "_s);
}

QString bringUp(ConsoleApp &app)
{
    app.showWindow();
    if (!QTest::qWaitForWindowExposed(app.window()))
        return u"the window was never exposed"_s;
    if (waitUntil([&] { return allFeedsLive(app); }, 60000) < 0)
        return u"not every feed Live within 60 s: "_s + feedStates(app);
    return {};
}
