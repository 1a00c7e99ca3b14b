#pragma once

#include <cstddef>

// Makes a fuzz target use what the parser returned, so nothing is optimised away. No checks
// on content: the fuzzer looks for crashes, undefined behaviour, leaks and hangs.
inline void fuzzTouch(std::size_t n)
{
    static volatile std::size_t sink = 0;
    sink = sink + n;
}
