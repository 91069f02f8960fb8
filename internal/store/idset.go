package store

// MaxIDs is the longest list IDSet pads; a longer one is used as it is.
const MaxIDs = 1 << 14

// IDSet is the placeholders of a SQL IN list of ids, numbered from $from,
// and their arguments. The list is padded to the next power of two by
// repeating its last id (IN ignores repeats), so that a query whose lists
// vary in length has a handful of texts: Pool keeps a prepared statement
// per text, and a text per length would fill its cache with lists seen
// once. ids must not be empty.
func IDSet(from int, ids []int64) (string, []any) {
	n := len(ids)
	if n <= MaxIDs {
		n = 1
		for n < len(ids) {
			n *= 2
		}
	}
	args := make([]any, n)
	for i := range args {
		args[i] = ids[min(i, len(ids)-1)]
	}
	return Marks(from, n), args
}
