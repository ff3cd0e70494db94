// Exit statuses of the `connectel` CLI, as docs/cli.md documents them.
#pragma once

namespace connectel::cli {

enum ExitCode : int {
    Success = 0,
    NotFinal = 1,   // `delivery --wait` gave up before the status was final
    WaitEnded = 1,  // `messages --wait` ended before enough messages matched
    Usage = 2,
    Validation = 3,  // bad input found before any request: invalid UTF-8, a rule broken
    Api = 4,
    Network = 5,
};

}  // namespace connectel::cli
