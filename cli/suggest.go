package cli

import (
	"fmt"

	"github.com/hsoauth/hsoauth/suggest"
)

// didYouMean returns ` (did you mean "x"?)` for the candidate nearest to input, or "" when none is close.
func didYouMean(input string, candidates []string) string { return suggest.Phrase(input, candidates) }

// didYouMeanFlag is didYouMean for flag names, shown with their dashes.
func didYouMeanFlag(input string, candidates []string) string {
	if best := suggest.Nearest(input, candidates); best != "" {
		return fmt.Sprintf(" (did you mean --%s?)", best)
	}
	return ""
}
