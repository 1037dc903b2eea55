// Shared timing for the CKKS peer programs: the method of `veil fhe bench` (a warm-up of
// max(0.3 s, seconds/4), then back-to-back calls for `seconds`; the mean).
#pragma once
#include <algorithm>
#include <chrono>
#include <functional>

using PeerClock = std::chrono::steady_clock;

static double peer_mean_seconds(const std::function<void()> &f, double seconds)
{
    auto dur = [](double s) { return std::chrono::duration_cast<PeerClock::duration>(std::chrono::duration<double>(s)); };
    auto warm_end = PeerClock::now() + dur(std::max(0.3, seconds / 4));
    while (PeerClock::now() < warm_end)
        f();
    long count = 0;
    auto start = PeerClock::now();
    auto end = start + dur(seconds);
    PeerClock::time_point now;
    do
    {
        f();
        count++;
        now = PeerClock::now();
    } while (now < end);
    return std::chrono::duration<double>(now - start).count() / count;
}
