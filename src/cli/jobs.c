/* The default --jobs. Apart from common.c: sched_getaffinity() needs
 * _GNU_SOURCE, which would give common.c the GNU strerror_r(). */
#define _GNU_SOURCE
#include <sched.h>
#include <unistd.h>

#include "cli/cli.h"

long mot_cli_default_jobs(void)
{
    long n = 0;
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        n = CPU_COUNT(&set); /* what taskset or a container allows */
    if (n < 1)
        n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > MOT_CLI_DEFAULT_JOBS_MAX ? MOT_CLI_DEFAULT_JOBS_MAX : n;
}
