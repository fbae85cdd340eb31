#include "fusionboard_build_info.h"

/* The Makefile writes git_commit.h (`#define FUSIONBOARD_GIT_COMMIT "1a2b3c4d5e6f"`) before each build
   and touches this file when the commit changes; without it the commit is "unknown". */
#if defined(__has_include)
#if __has_include("git_commit.h")
#include "git_commit.h"
#endif
#endif

#ifndef FUSIONBOARD_GIT_COMMIT
#define FUSIONBOARD_GIT_COMMIT "unknown"
#endif

const char *fusionboard_git_commit(void) { return FUSIONBOARD_GIT_COMMIT; }
