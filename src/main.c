/* main.c: the essdocs command line: parse options, dispatch, exit with the worst status. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "batch.h"
#include "date.h"
#include "diag.h"
#include "kinds.h"
#include "i18n.h"
#include "import.h"
#include "mail.h"
#include "util.h"

#define ESSDOCS_VERSION "0.1.0"

static const char usage_text[] = N_(
"usage: essdocs COMMAND FILE [options]\n"
"\n"
"commands:\n"
"  run ROUND.xml         every kind of document below, and the report\n"
"  KIND ROUND.xml        the documents of one kind (listed below) only\n"
"  report ROUND.xml      the round report only (report.pdf, report.csv)\n"
"  check ROUND.xml       validate and print each decision with its reasons; writes nothing\n"
"  leaflet CALL.xml      the call-for-projects leaflet (print-ready; --screen for screens)\n"
"  import SHEET.csv --round ID --call CALL  a round file from the staff's spreadsheet\n"
"  import --blank        the sheet's header row, to start from\n"
"  export ROUND.xml      the round as a spreadsheet (CSV) that import reads back\n"
"  mail ROUND.xml        e-mail each issued document not yet sent: DIR/<round-id>/outbox/\n"
"                        for review; --send to send them through sendmail\n"
"\n"
"options:\n"
"  -o, --output DIR|FILE  output directory (default output/); for leaflet, the PDF file\n"
"      --call FILE        the call file (default: call-<id>.xml beside the round file)\n"
"      --date YYYY-MM-DD  the date printed on the documents this run issues\n"
"                         (default: today in Europe/Paris, or SOURCE_DATE_EPOCH)\n"
"      --force            issue every document again, even unchanged ones\n"
"  -j, --jobs N           parallel workers (default 1)\n"
"  -q, --quiet            errors only\n"
"      --templates DIR    template directory\n"
"      --fonts DIR        font directory\n"
"      --screen           leaflet: screen version (RGB, no bleed, no marks)\n"
"      --bleed MM         leaflet: the print shop's bleed, 0 to 10 mm (default 3)\n"
"      --no-marks, --marks  leaflet: without or with crop and fold marks (default with)\n"
"      --dump             write the layout's text dump (.dump) instead of each PDF\n"
"      --dump=data        print the data a template sees (KIND, report, leaflet); writes nothing\n"
"      --only ID          with --dump=data and a KIND: application ID only\n"
"      --round ID         import: the round's id\n"
"      --keep-going       import: leave out the rows in error instead of writing nothing\n"
"      --send             mail: send the messages (sendmail -t -i), record them\n"
"      --sendmail CMD     mail: the command that sends (default 'sendmail -t -i')\n"
"      --resend ID        mail: send application ID's documents again, on purpose\n"
"  -h, --help             this text\n"
"  -V, --version          the version\n"
"\n"
"exit status: 0 all written; 1 some applications had errors; 64 usage;\n"
"65 invalid input; 66 missing input; 70 internal error; 73 cannot create output; 74 write error\n");

enum {
	OPT_CALL = 256,
	OPT_DATE,
	OPT_TEMPLATES,
	OPT_FONTS,
	OPT_SCREEN,
	OPT_DUMP,
	OPT_BLEED,
	OPT_MARKS,
	OPT_NOMARKS,
	OPT_FORCE,
	OPT_ROUND,
	OPT_KEEPGOING,
	OPT_BLANK,
	OPT_SEND,
	OPT_SENDMAIL,
	OPT_RESEND,
	OPT_ONLY
};

static const struct option longopts[] = {
	{ "output",	required_argument,	NULL,	'o' },
	{ "call",	required_argument,	NULL,	OPT_CALL },
	{ "date",	required_argument,	NULL,	OPT_DATE },
	{ "jobs",	required_argument,	NULL,	'j' },
	{ "quiet",	no_argument,		NULL,	'q' },
	{ "templates",	required_argument,	NULL,	OPT_TEMPLATES },
	{ "fonts",	required_argument,	NULL,	OPT_FONTS },
	{ "screen",	no_argument,		NULL,	OPT_SCREEN },
	{ "dump",	optional_argument,	NULL,	OPT_DUMP },
	{ "only",	required_argument,	NULL,	OPT_ONLY },
	{ "bleed",	required_argument,	NULL,	OPT_BLEED },
	{ "marks",	no_argument,		NULL,	OPT_MARKS },
	{ "no-marks",	no_argument,		NULL,	OPT_NOMARKS },
	{ "force",	no_argument,		NULL,	OPT_FORCE },
	{ "round",	required_argument,	NULL,	OPT_ROUND },
	{ "keep-going",	no_argument,		NULL,	OPT_KEEPGOING },
	{ "blank",	no_argument,		NULL,	OPT_BLANK },
	{ "send",	no_argument,		NULL,	OPT_SEND },
	{ "sendmail",	required_argument,	NULL,	OPT_SENDMAIL },
	{ "resend",	required_argument,	NULL,	OPT_RESEND },
	{ "help",	no_argument,		NULL,	'h' },
	{ "version",	no_argument,		NULL,	'V' },
	{ NULL,		0,			NULL,	0 }
};

static int
usage_error(const char *fmt, const char *arg)
{
	fputs("essdocs: ", stderr);
	fputs(_("error: "), stderr);
	fprintf(stderr, _(fmt), arg);
	fputc('\n', stderr);
	fputs(_("Try 'essdocs --help'.\n"), stderr);
	return EX_USAGE;
}

/*
 * Where templates/ and fonts/ are: beside the binary's parent directory
 * when run from a build tree (bin/essdocs -> templates/), then in
 * ../share/essdocs/ of the binary (an installed tree, wherever PREFIX
 * and DESTDIR put it), then the data directory compiled in.
 */
static char *
data_dir(const char *sub)
{
	static const char *const rel[] = { "%s/%s", "%s/share/essdocs/%s" };
	char		 exe[PATH_MAX];
	struct buf	 b = BUF_INIT;
	ssize_t		 n;
	size_t		 i;
	char		*slash;

	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			if ((slash = strrchr(exe, '/')) != NULL) {
				*slash = '\0';
				for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
					buf_truncate(&b, 0);
					buf_printf(&b, rel[i], exe, sub);
					if (access(b.s, R_OK | X_OK) == 0)
						return buf_detach(&b);
				}
			}
		}
	}
	buf_truncate(&b, 0);
	buf_printf(&b, "%s/%s", ESSDOCS_DATADIR, sub);
	return buf_detach(&b);
}

/*
 * Cron may start us with stdin, stdout or stderr closed: the first file
 * opened would then get descriptor 2, and diagnostics would go into a
 * PDF.  Open /dev/null on each closed one.  Returns 0 or -1.
 */
static int
std_fds(void)
{
	int	 fd;

	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		if (open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) != fd)
			return -1;
	}
	return 0;
}

/*
 * What was printed on stdout must have reached it (`check > /dev/full`
 * fails): returns status, or EX_IOERR after saying so (unless status is
 * the worse EX_SOFTWARE).
 */
static int
stdout_done(int status)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return status;
	fprintf(stderr, "essdocs: %s", _("error: "));
	fprintf(stderr, _("cannot write the standard output: %s\n"),
	    strerror(errno));
	return status == EX_SOFTWARE ? status : EX_IOERR;
}

static const char *const kind_helps[] = {
	N_("the accusés de réception (CRPA art. R. 112-5), one per application"),
	N_("the eligibility letters (eligible, ineligible, incomplete)"),
	N_("the funding agreements of granted, eligible applications"),
	N_("the notifications d'attribution and de refus of decided "
	    "applications")
};

/*
 * --help: the usage, then the document kinds of the templates' table
 * (the commands beside run, report, check and leaflet).
 */
static int
print_help(const char *templates)
{
	struct diag	 quiet;
	struct kinds	*ks;
	struct buf	 b = BUF_INIT;
	FILE		*null;
	size_t		 k;

	fputs(_(usage_text), stdout);
	buf_printf(&b, "%s/kinds.xml", templates);
	null = fopen("/dev/null", "w");
	diag_init(&quiet, null != NULL ? null : stderr, 1);
	ks = kinds_load(b.s, &quiet);
	if (null != NULL)
		fclose(null);
	if (ks == NULL) {
		printf(_("\ndocument kinds: none, %s cannot be read\n"), b.s);
		buf_free(&b);
		return 0;
	}
	printf(_("\ndocument kinds (KIND, from %s):\n"), b.s);
	/* The help= texts of the shipped templates/kinds.xml, for xgettext:
	 * a kind's help is said in the user's language when the catalogue
	 * has it (i18n.sh checks that the shipped ones are translated). */
	(void)kind_helps;
	for (k = 0; k < ks->n; k++)
		printf("  %-20s  %s/  %s\n", ks->v[k].name, ks->v[k].folder,
		    ks->v[k].help != NULL ? _(ks->v[k].help) : "");
	kinds_free(ks);
	buf_free(&b);
	return 0;
}

/* `import` and `export` (import.h): the spreadsheet in and out. */
static int
sheet_command(const char *cmd, int argc, char **argv,
    const struct batch_opts *o, const char *output, const char *round_id,
    int date_given, int keep_going, int blank, int quiet)
{
	struct import_opts io;
	struct diag	 d;
	char		*idir;
	int		 status, import = strcmp(cmd, "import") == 0;

	if (blank) {
		if (!import || argc > 0)
			return usage_error("%s", _("--blank goes with import "
			    "alone"));
		return import_blank(stdout);
	}
	if ((!import && (round_id != NULL || keep_going)) ||
	    (!import && date_given))
		return usage_error("%s", _("--round, --date and --keep-going "
		    "go with import"));
	if (argc < 1)
		return usage_error("'%s' wants an input file", cmd);
	if (argc > 1)
		return usage_error("unexpected argument '%s'", argv[1]);
	diag_init(&d, stderr, quiet);
	if (!import)
		return export_run(argv[0], o->call_path, output, stdout, &d);
	memset(&io, 0, sizeof(io));
	io.sheet = argv[0];
	io.round_id = round_id;
	io.call = o->call_path;
	io.call_dir = idir = data_dir("input");
	io.date = date_given ? &o->date : NULL;
	io.output = output;
	io.out = stdout;
	io.keep_going = keep_going;
	status = import_run(&io, &d);
	free(idir);
	return status;
}

int
main(int argc, char *argv[])
{
	struct batch_opts o;
	struct mail_opts mo;
	struct diag	 d;
	struct date	 epoch;
	const char	*cmd, *output = NULL, *round_id = NULL;
	int		 keep_going = 0, blank = 0, date_given = 0;
	char		*tdir = NULL, *fdir = NULL, *end;
	int		 c, quiet = 0, screen = 0, print_opt = 0, status, help = 0;
	double		 mm;
	long		 jobs;

	if (std_fds() == -1)
		return EX_SOFTWARE;
	setlocale(LC_CTYPE, "C.UTF-8");
	i18n_init();
	memset(&o, 0, sizeof(o));
	memset(&mo, 0, sizeof(mo));
	o.jobs = 1;
	o.bleed = -1;
	o.marks = -1;
	o.out = stdout;
	o.date = date_today();
	o.version = ESSDOCS_VERSION;

	while ((c = getopt_long(argc, argv, "o:j:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			if (*optarg == '\0')
				return usage_error("%s", _("-o wants a directory "
				    "(for leaflet, a file), not ''"));
			output = optarg;
			break;
		case OPT_CALL:
			o.call_path = optarg;
			break;
		case OPT_DATE:
			if (date_parse(optarg, &o.date) == -1)
				return usage_error("--date wants a real date "
				    "as YYYY-MM-DD, not '%s'", optarg);
			date_given = 1;
			break;
		case 'j':
			jobs = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || jobs < 1 ||
			    jobs > 64)
				return usage_error("-j wants a number of "
				    "workers from 1 to 64, not '%s'", optarg);
			o.jobs = (int)jobs;
			break;
		case 'q':
			quiet = 1;
			break;
		case OPT_TEMPLATES:
			o.templates = optarg;
			break;
		case OPT_FONTS:
			o.fonts = optarg;
			break;
		case OPT_SCREEN:
			screen = 1;
			break;
		case OPT_DUMP:
			if (optarg == NULL || strcmp(optarg, "layout") == 0)
				o.dump = 1;
			else if (strcmp(optarg, "data") == 0)
				o.dump_data = 1;
			else
				return usage_error("--dump wants layout or data "
				    "(--dump=data), not '%s'", optarg);
			break;
		case OPT_ONLY:
			if (*optarg == '\0')
				return usage_error("%s", _("--only wants an "
				    "application id, not ''"));
			o.only = optarg;
			break;
		case OPT_BLEED:
			mm = strtod(optarg, &end);
			if (end == optarg || (strcmp(end, "mm") != 0 &&
			    *end != '\0') || !(mm >= 0 && mm <= 10))
				return usage_error("--bleed wants millimetres "
				    "from 0 to 10 (\"3\" or \"3mm\"), not '%s'",
				    optarg);
			o.bleed = mm * 72.0 / 25.4;
			print_opt = 1;
			break;
		case OPT_ROUND:
			round_id = optarg;
			break;
		case OPT_KEEPGOING:
			keep_going = 1;
			break;
		case OPT_BLANK:
			blank = 1;
			break;
		case OPT_MARKS:
		case OPT_NOMARKS:
			o.marks = c == OPT_MARKS;
			print_opt = 1;
			break;
		case OPT_FORCE:
			o.force = 1;
			break;
		case OPT_SEND:
			mo.send = 1;
			break;
		case OPT_SENDMAIL:
			if (*optarg == '\0')
				return usage_error("%s", _("--sendmail wants a "
				    "command, not ''"));
			mo.sendmail = optarg;
			break;
		case OPT_RESEND:
			if (*optarg == '\0')
				return usage_error("%s", _("--resend wants an "
				    "application id, not ''"));
			mo.resend = optarg;
			break;
		case 'h':
			help = 1;
			break;
		case 'V':
			puts("essdocs " ESSDOCS_VERSION);
			return stdout_done(0);
		default:
			fputs(_("Try 'essdocs --help'.\n"), stderr);
			return EX_USAGE;
		}
	}
	if (help) {
		if (o.templates == NULL)
			o.templates = tdir = data_dir("templates");
		status = print_help(o.templates);
		free(tdir);
		return stdout_done(status);
	}
	if (date_source_epoch(&epoch) == -1)
		return usage_error("SOURCE_DATE_EPOCH wants whole seconds "
		    "since 1970-01-01 (digits only), not '%s'",
		    getenv("SOURCE_DATE_EPOCH"));
	if (optind >= argc)
		return usage_error("%s", _("no command given"));
	cmd = argv[optind++];
	if ((o.dump_data || o.only != NULL) && (strcmp(cmd, "import") == 0 ||
	    strcmp(cmd, "export") == 0))
		return usage_error("%s", _("--dump=data and --only go with a "
		    "document kind, report or leaflet"));
	if (strcmp(cmd, "import") == 0 || strcmp(cmd, "export") == 0)
		return stdout_done(sheet_command(cmd, argc - optind,
		    argv + optind, &o, output, round_id, date_given,
		    keep_going, blank, quiet));
	if (round_id != NULL || keep_going || blank)
		return usage_error("%s", _("--round, --keep-going and --blank "
		    "go with import only"));
	if (optind >= argc)
		return usage_error("'%s' wants an input file", cmd);
	o.round_path = argv[optind++];
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);

	if (strcmp(cmd, "run") == 0)
		o.what = BATCH_DOCS | BATCH_REPORT;
	else if (strcmp(cmd, "report") == 0)
		o.what = BATCH_REPORT;
	else if (strcmp(cmd, "check") == 0)
		o.what = BATCH_CHECK;
	else if (strcmp(cmd, "leaflet") == 0)
		o.what = 0;
	else if (strcmp(cmd, "mail") == 0)
		o.what = -1u;
	else if (*cmd == '-' || *cmd == '\0')
		return usage_error("unknown command '%s'", cmd);
	else {
		/* A document kind of the table: batch_run() checks it. */
		o.what = BATCH_DOCS;
		o.kind = cmd;
	}
	if ((mo.send || mo.sendmail != NULL || mo.resend != NULL) &&
	    o.what != -1u)
		return usage_error("%s", _("--send, --sendmail and --resend go "
		    "with mail only"));
	if (mo.resend != NULL && !mo.send)
		return usage_error("%s", _("--resend sends: give --send too"));
	if (o.what == -1u && (o.force || o.dump || o.jobs != 1))
		return usage_error("%s", _("mail takes no --force, --dump or -j"));
	if (screen && o.what != 0)
		return usage_error("%s", _("--screen goes with leaflet only"));
	if (print_opt && (o.what != 0 || screen))
		return usage_error("%s", _("--bleed and --marks/--no-marks go "
		    "with the print leaflet only"));
	if (o.what == BATCH_CHECK && output != NULL)
		return usage_error("%s", _("check writes nothing: no -o"));
	if (o.only != NULL && !o.dump_data)
		return usage_error("%s", _("--only goes with --dump=data"));
	if (o.dump_data && (o.what == -1u || o.what == BATCH_CHECK ||
	    ((o.what & BATCH_DOCS) && o.kind == NULL)))
		return usage_error("%s", _("--dump=data shows the data of one "
		    "template: give a document kind, report or leaflet"));
	if (o.only != NULL && o.kind == NULL)
		return usage_error("%s", _("--only names an application: give "
		    "a document kind"));
	if (o.dump_data && (output != NULL || o.dump))
		return usage_error("%s", _("--dump=data prints on the standard "
		    "output: no -o, no other --dump"));
	if (o.dump_data)
		o.jobs = 1;	/* nothing to share out */

	if (o.templates == NULL)
		o.templates = tdir = data_dir("templates");
	if (o.fonts == NULL)
		o.fonts = fdir = data_dir("fonts");

	diag_init(&d, stderr, quiet);
	o.outdir = output != NULL ? output : "output";
	if (o.what == -1u)
		status = mail_run(&o, &mo, &d);
	else if (o.what == 0)
		status = batch_leaflet(&o, output, screen, &d);
	else
		status = batch_run(&o, &d);
	free(tdir);
	free(fdir);
	return stdout_done(status);
}
