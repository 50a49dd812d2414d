package keyring

import "context"

// For the tests of package keyring_test: those use the real store, through
// keyringtest, which imports this package.

const ChunkSize, WholeLimit = chunkSize, wholeLimit

// Raw is the item under account, as stored.
func (k *Keyring) Raw(ctx context.Context, account string) (string, error) {
	return k.get(ctx, account)
}

// StoreWholeUpTo sets the largest value stored as one item.
func (k *Keyring) StoreWholeUpTo(n int) { k.whole = n }

// ChunkAccounts are the accounts of the chunks a header names.
func ChunkAccounts(account, header string) []string {
	h, ok := parseHeader(header)
	if !ok {
		return nil
	}
	out := make([]string, h.n)
	for i := range out {
		out[i] = chunkAccount(account, h, i+1)
	}
	return out
}
