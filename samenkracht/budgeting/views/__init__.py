"""Web pages of budget rounds: proposals, voting, results and delivery."""
