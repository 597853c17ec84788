package cli

import (
	"fmt"

	"github.com/hsoauth/hsoauth/scopes"
)

// didYouMean returns ` (did you mean "x"?)` for the candidate nearest to input, or "" when none is close.
func didYouMean(input string, candidates []string) string {
	if best := nearest(input, candidates); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}

// didYouMeanFlag is didYouMean for flag names, shown with their dashes.
func didYouMeanFlag(input string, candidates []string) string {
	if best := nearest(input, candidates); best != "" {
		return fmt.Sprintf(" (did you mean --%s?)", best)
	}
	return ""
}

// nearest picks the candidate with the smallest edit distance to input, accepting it only when the distance
// is small compared with the word (a third of its length, at least 2), or when input is a prefix of it.
func nearest(input string, candidates []string) string {
	best, bestDist := "", 1<<30
	for _, c := range candidates {
		d := scopes.EditDistance(input, c)
		if len(input) >= 2 && len(c) > len(input) && c[:len(input)] == input {
			d = 1
		}
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	limit := max(2, len(input)/3)
	if bestDist > limit {
		return ""
	}
	return best
}
