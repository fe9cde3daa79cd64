<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Report</title>
</head>
<body>
  <h1>Primes below 200,000</h1>
  <p>There are <strong>{{ number_format($count) }}</strong>; the largest is {{ $largest }}.</p>
  <p>Rendered at <time id="rendered-at">{{ $renderedAt }}</time> in {{ $millis }} ms, then cached for a minute.</p>
</body>
</html>
