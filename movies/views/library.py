from django.shortcuts import render


def library(request):
    return render(request, "base.html")


def add(request):
    return render(request, "base.html")
