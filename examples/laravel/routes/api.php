<?php

use App\Http\Controllers\AdminCacheController;
use App\Http\Controllers\CounterController;
use Illuminate\Support\Facades\Route;

Route::get('/counter', [CounterController::class, 'show']);
Route::post('/counter', [CounterController::class, 'increment']);

Route::post('/admin/cache/clear', [AdminCacheController::class, 'clear'])->middleware('admin.token');
