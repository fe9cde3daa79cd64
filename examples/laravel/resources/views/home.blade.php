<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{{ config('app.name') }}</title>
</head>
<body>
  <h1>{{ config('app.name') }}</h1>
  <p>Laravel {{ app()->version() }} on PHP {{ PHP_VERSION }}, inside {{ request()->server('SERVER_SOFTWARE', 'ePHPm') }}.
     Cache, sessions and rate limits live in ePHPm's own key-value store.</p>
  <ul>
    <li><a href="{{ url('/report') }}">GET /report</a>: a page cached for a minute (see the X-Cache header)</li>
    <li><a href="{{ url('/session') }}">GET /session</a>: your visits, counted in your session</li>
    <li><a href="{{ url('/limited') }}">GET /limited</a>: {{ \App\Providers\RouteServiceProvider::DEMO_LIMIT_PER_MINUTE }} requests a minute, then 429</li>
    <li><a href="{{ url('/api/counter') }}">GET /api/counter</a>, <code>POST /api/counter</code>: an atomic counter</li>
    <li><code>POST /api/admin/cache/clear</code> with <code>Authorization: Bearer $ADMIN_TOKEN</code>: Cache::flush()</li>
  </ul>
</body>
</html>
