/* rules_int.h: the compiled form of a rule program, shared by the compiler (rules_compile.c)
 * and the evaluator (rules_eval.c): a flat array of typed nodes, the inputs, lets and rules
 * that point into it, and the parameter names it reads. */
#ifndef SAFETYNET_RULES_INT_H
#define SAFETYNET_RULES_INT_H

#include "base/arena.h"
#include "base/vec.h"
#include "policy/rules.h"

enum node_kind { N_LIT, N_INPUT, N_LET, N_PARAM, N_NEG, N_NOT, N_BIN, N_IF, N_CALL, N_FIELD, N_AGG };
enum node_agg { AG_SUM, AG_COUNT, AG_ANY, AG_ALL, AG_MIN, AG_MAX };
enum node_op { OP_ADD, OP_SUB, OP_MUL, OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE, OP_AND, OP_OR };
enum node_fn { FN_MIN, FN_MAX, FN_ABS, FN_DIV, FN_MUL, FN_ROUND_YUAN, FN_ADD_MONTHS };

struct node {
	uint8_t kind, op, type;
	uint8_t mode;    /* rounding of div, mul and round_yuan (enum money_round) */
	int32_t a, b, c; /* children (node indices), or the index of the input, let or parameter */
	int32_t var;     /* N_AGG: the slot its variable binds; N_FIELD: the slot it reads */
	struct rv lit;
	const struct rules_shape *shape; /* for list-typed nodes */
};

struct decl {
	const char *name;
	enum rv_type type;
	int32_t node; /* lets: the expression */
	const struct rules_shape *shape;
};

/* a piece of a message: literal text, or a value ({name}) */
struct piece {
	const char *text;
	size_t len;
	int32_t node; /* -1 for text */
};

struct rule {
	const char *name;
	int32_t cond;
	size_t zh_first, zh_n, en_first, en_n; /* into pieces */
	int line;
	const char *file;
	/* an exception: the base rule it replaces in a region, and its label */
	int32_t base;
	int32_t first; /* the condition's nodes are first..cond: the values it saw are among them */
	const char *region, *label;
};

struct rules {
	struct arena mem;
	VEC(struct node) nodes;
	VEC(struct decl) inputs, lets, params;
	VEC(struct rule) rules, exceptions;
	VEC(struct piece) pieces;
	size_t cost;   /* nodes one evaluation may visit, aggregates counted at their lists' max */
	int32_t nvars; /* aggregate variable slots */
};

#endif
