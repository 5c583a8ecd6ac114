/* main.c: the essdocs command line (placeholder until the commands land). */
#include <stdio.h>

int
main(void)
{
	return 0;
}
