#ifndef FUSIONBOARD_BUILD_INFO_H
#define FUSIONBOARD_BUILD_INFO_H

/// The git commit the binary was built from: written by `make build`/`make release` into
/// git_commit.h (not tracked), "unknown" when the binary was built without it (plain `swift build`).
const char *fusionboard_git_commit(void);

#endif
