<?php

use App\Http\Controllers\RateLimitedController;
use App\Http\Controllers\ReportPageController;
use App\Http\Controllers\SessionVisitsController;
use Illuminate\Support\Facades\Route;

Route::view('/', 'home');
Route::get('/report', ReportPageController::class);
Route::get('/session', SessionVisitsController::class);
Route::get('/limited', RateLimitedController::class)->middleware('throttle:demo');
