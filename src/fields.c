/* fields.c: a round file's fields named as the staff's sheet names them, for the report. */
#include <string.h>

#include "fields.h"
#include "util.h"

/*
 * The round file's <element> or <element attribute>, as the reader's
 * messages name them, and the column of the staff's sheet that holds the
 * same field (docs/import.md; sheet.c has the columns).
 */
static const struct {
	const char	*xml;
	const char	*sheet;
} fields[] = {
	{ "<application id>", "N° dossier" },
	{ "<application received>", "Date de dépôt" },
	{ "<name>", "Structure" },
	{ "<legal-form>", "Forme juridique" },
	{ "<siret>", "SIRET" },
	{ "<rna>", "RNA" },
	{ "<founded>", "Date de création" },
	{ "<esus-agreement until>", "Agrément ESUS jusqu'au" },
	{ "<line>", "Adresse" },
	{ "<postcode>", "Code postal" },
	{ "<city>", "Commune" },
	{ "<contact civility>", "Civilité" },
	{ "<contact first-name>", "Prénom" },
	{ "<contact last-name>", "Nom" },
	{ "<contact role>", "Fonction" },
	{ "<contact email>", "Courriel" },
	{ "<contact phone>", "Téléphone" },
	{ "<request aid>", "Aide" },
	{ "<request amount>", "Montant demandé" },
	{ "<title>", "Intitulé du projet" },
	{ "<summary>", "Résumé" },
	{ "<jobs-created>", "Emplois créés" },
	{ "<declarations ess-governance>", "Gouvernance ESS" },
	{ "<declarations viable-activity>", "Activité viable" },
	{ "<declarations economic-layoffs-12-months>",
	    "Licenciements 12 mois" },
	{ "<declarations unmet-need>", "Besoin non couvert" },
	{ "<decision status>", "Décision" },
	{ "<decision amount>", "Montant accordé" },
	{ "<decision date>", "Date de décision" },
	{ "<decision deliberation>", "N° délibération" },
	{ "<reason>", "Motif de la décision" },
};

void
fields_sheet_terms(struct buf *b)
{
	struct buf	 out = BUF_INIT;
	const char	*s, *lt, *gt = NULL;
	size_t		 i, n;

	if (b->s == NULL || strchr(b->s, '<') == NULL)
		return;
	for (s = b->s; (lt = strchr(s, '<')) != NULL; s = gt + 1) {
		buf_add(&out, s, (size_t)(lt - s));
		if ((gt = strchr(lt, '>')) == NULL)
			break;
		n = (size_t)(gt - lt + 1);
		for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
			if (strlen(fields[i].xml) == n &&
			    memcmp(fields[i].xml, lt, n) == 0)
				break;
		if (i < sizeof(fields) / sizeof(fields[0]))
			buf_printf(&out, "« %s »", fields[i].sheet);
		else
			buf_add(&out, lt, n);
	}
	if (lt != NULL && gt == NULL)
		buf_puts(&out, lt);
	else if (lt == NULL)
		buf_puts(&out, s);
	buf_truncate(b, 0);
	buf_add(b, out.s, out.len);
	buf_free(&out);
}
