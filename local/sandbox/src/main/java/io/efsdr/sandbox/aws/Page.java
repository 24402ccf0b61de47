package io.efsdr.sandbox.aws;

/**
 * One page of a list: items {@code [from, to)}; {@code nextToken} is null on the last page. Tokens
 * are the decimal index of the next item.
 */
record Page(int from, int to, String nextToken) {

    static Page of(int size, String maxResults, String token, int defaultMax) {
        int max = defaultMax;
        int from = 0;
        try {
            if (maxResults != null) {
                max = Integer.parseInt(maxResults);
            }
            if (token != null) {
                from = Integer.parseInt(token);
            }
        } catch (NumberFormatException e) {
            throw new ServiceError(400, "BadRequest", "Invalid MaxResults or NextToken");
        }
        if (max < 1 || from < 0 || from > size) {
            throw new ServiceError(400, "BadRequest", "Invalid MaxResults or NextToken");
        }
        int to = Math.min(size, from + max);
        return new Page(from, to, to < size ? Integer.toString(to) : null);
    }
}
