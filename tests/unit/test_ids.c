/* test_ids.c: Luhn, SIREN, SIRET (with La Poste), RNA, postcodes and record ids. */
#include "ids.h"
#include "t.h"

int
main(void)
{
	CHECK(luhn_valid("0"));
	CHECK(luhn_valid("79927398713"));
	CHECK(!luhn_valid("79927398710"));
	CHECK(!luhn_valid(""));
	CHECK(!luhn_valid("7992739871a"));

	CHECK(siren_valid("732829320"));
	CHECK(siren_valid("245901160"));	/* Valenciennes Métropole */
	CHECK(siren_valid("356000000"));	/* La Poste */
	CHECK(!siren_valid("732829321"));
	CHECK(!siren_valid("73282932"));
	CHECK(!siren_valid("7328293200"));
	CHECK(!siren_valid("73282932A"));

	CHECK(siret_valid("73282932000074"));
	CHECK(siret_valid("44306184100047"));
	CHECK(!siret_valid("73282932000075"));
	CHECK(!siret_valid("12345678901234"));
	CHECK(!siret_valid("7328293200007"));
	CHECK(!siret_valid("732829320000740"));
	CHECK(!siret_valid("732 829 320 00074"));
	CHECK(!siret_valid(""));
	CHECK(!siret_valid(NULL));
	/*
	 * La Poste: 35600000049837 fails Luhn but its digit sum is 45; the
	 * head office 35600000000048 has digit sum 26 but passes Luhn;
	 * 35600000049838 fails both.
	 */
	CHECK(!luhn_valid("35600000049837"));
	CHECK(siret_valid("35600000049837"));
	CHECK(luhn_valid("35600000000048"));
	CHECK(siret_valid("35600000000048"));
	CHECK(!siret_valid("35600000049838"));
	/* the digit-sum rule is only for La Poste */
	CHECK(!siret_valid("35600000149836"));

	CHECK(rna_valid("W595012345"));
	CHECK(!rna_valid("W59501234"));
	CHECK(!rna_valid("W5950123456"));
	CHECK(!rna_valid("w595012345"));
	CHECK(!rna_valid("595012345"));
	CHECK(!rna_valid("W2A1001234"));	/* digits only, see ids.h */
	CHECK(!rna_valid(""));
	CHECK(!rna_valid(NULL));

	CHECK(postcode_valid("59300"));
	CHECK(postcode_valid("01000"));
	CHECK(postcode_valid("20000"));		/* Corsica: Ajaccio */
	CHECK(postcode_valid("97400"));
	CHECK(postcode_valid("98000"));		/* Monaco */
	CHECK(!postcode_valid("00100"));
	CHECK(!postcode_valid("96000"));
	CHECK(!postcode_valid("99000"));
	CHECK(!postcode_valid("5930"));
	CHECK(!postcode_valid("593000"));
	CHECK(!postcode_valid("2A000"));
	CHECK(!postcode_valid("59 300"));
	CHECK(!postcode_valid(""));

	CHECK(record_id_valid("2019-0003"));
	CHECK(record_id_valid("a"));
	CHECK(record_id_valid("A_b.c-9"));
	CHECK(record_id_valid(
	    "0123456789012345678901234567890123456789012345678901234567890123"));
	CHECK(!record_id_valid(
	    "01234567890123456789012345678901234567890123456789012345678901234"));
	CHECK(!record_id_valid(""));
	CHECK(!record_id_valid(NULL));
	CHECK(!record_id_valid("../x"));
	CHECK(!record_id_valid(".."));
	CHECK(!record_id_valid("a/b"));
	CHECK(!record_id_valid("a\\b"));
	CHECK(!record_id_valid(".hidden"));
	CHECK(!record_id_valid("-rf"));
	CHECK(!record_id_valid("a b"));
	CHECK(!record_id_valid("caf\xc3\xa9"));
	T_DONE();
}
